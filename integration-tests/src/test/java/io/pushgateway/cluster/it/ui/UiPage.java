package io.pushgateway.cluster.it.ui;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI as a user sees it: tabs, group cards, the member table, the notice line. The page
 * re-renders the groups on every refresh, so elements are found afresh for each step and texts
 * are read in one script, never from an element found earlier.
 */
final class UiPage {
    /** The page refreshes itself every 10 s; on a loaded machine give it several rounds. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final WebDriver driver;
    private final WebDriverWait wait;

    UiPage(WebDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, DEADLINE, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until the groups tab lists exactly these groups (as {@code {job="a", x="y"}}), in any order. */
    void awaitGroups(List<String> ids) {
        wait.withMessage(() -> "groups shown: " + groupIds() + ", expected " + ids)
                .until(d -> {
                    List<String> shown = groupIds();
                    return shown.size() == ids.size() && shown.containsAll(ids);
                });
    }

    @SuppressWarnings("unchecked")
    List<String> groupIds() {
        return (List<String>)
                script("return Array.from(document.querySelectorAll('article.group'), e => e.dataset.group);");
    }

    WebElement group(String id) {
        return driver.findElement(By.cssSelector("article.group[data-group='" + id.replace("'", "\\'") + "']"));
    }

    String groupText(String id) {
        return (String) script(
                "const g = Array.from(document.querySelectorAll('article.group'))"
                        + ".find(e => e.dataset.group === arguments[0]); return g ? g.innerText : '';",
                id);
    }

    /** Opens the group's metric families and returns the group's text with them. */
    String openFamilies(String id) {
        click(id, "details.families > summary");
        wait.until(d -> !group(id).findElements(By.cssSelector(".family")).isEmpty());
        return groupText(id);
    }

    /** Clicks inside the group; if a refresh replaced the group meanwhile, clicks its replacement. */
    private void click(String groupId, String cssSelector) {
        wait.until(d -> {
            group(groupId).findElement(By.cssSelector(cssSelector)).click();
            return true;
        });
    }

    private Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void filter(String text) {
        WebElement filter = driver.findElement(By.id("filter"));
        filter.clear();
        filter.sendKeys(text);
    }

    /** Clicks the group's Delete button and accepts the confirmation. */
    void deleteGroup(String id) {
        click(id, "button.delete");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
    }

    boolean wipeButtonShown() {
        return driver.findElement(By.id("wipe")).isDisplayed();
    }

    /** Clicks "Delete all groups" and accepts the confirmation. */
    void wipe() {
        driver.findElement(By.id("wipe")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** Waits for the notice line to show a result containing {@code text}. */
    String awaitNotice(String text) {
        wait.withMessage(() -> "notice: " + text("#notice"))
                .until(d -> text("#notice").contains(text));
        return text("#notice");
    }

    void showTab(String tab) {
        driver.findElement(By.cssSelector("nav a[data-tab='" + tab + "']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tab-" + tab)));
    }

    /** The member table's rows as text, once it has {@code count} rows all with a reported status. */
    List<String> awaitMembers(int count) {
        wait.withMessage(() -> "member rows: " + memberRows()).until(d -> {
            List<String> rows = memberRows();
            return rows.size() == count && rows.stream().noneMatch(r -> r.contains("–"));
        });
        return memberRows();
    }

    @SuppressWarnings("unchecked")
    private List<String> memberRows() {
        return (List<String>)
                script("return Array.from(document.querySelectorAll('#members tbody tr'), r => r.innerText);");
    }

    /** Waits until the element's text is exactly {@code expected}. */
    void awaitText(String cssSelector, String expected) {
        wait.withMessage(() -> cssSelector + " shows " + text(cssSelector))
                .until(d -> text(cssSelector).equals(expected));
    }

    /** Waits until the element's text starts with {@code prefix}; returns the whole text. */
    String awaitTextStartingWith(String cssSelector, String prefix) {
        wait.withMessage(() -> cssSelector + " shows " + text(cssSelector))
                .until(d -> text(cssSelector).startsWith(prefix));
        return text(cssSelector);
    }

    void click(String cssSelector) {
        driver.findElement(By.cssSelector(cssSelector)).click();
    }

    String text(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector)).getText();
    }
}
