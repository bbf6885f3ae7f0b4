package io.pushgateway.cluster.http;

import io.pushgateway.cluster.security.TlsSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import javax.net.ssl.X509TrustManager;

/** The TLS settings of the web config as Vert.x server options. */
final class TlsOptions {
    private TlsOptions() {}

    static void applyTo(HttpServerOptions options, TlsSettings tls) {
        ServerSSLOptions ssl = of(tls);
        options.setSsl(true)
                .setKeyCertOptions(ssl.getKeyCertOptions())
                .setTrustOptions(ssl.getTrustOptions())
                .setClientAuth(ssl.getClientAuth())
                .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
        ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
    }

    static ServerSSLOptions of(TlsSettings tls) {
        PemKeyCertOptions keyCert = new PemKeyCertOptions();
        if (tls.certFile() != null) {
            keyCert.setCertPath(tls.certFile().toString());
        } else {
            keyCert.setCertValue(Buffer.buffer(tls.certText()));
        }
        if (tls.keyFile() != null) {
            keyCert.setKeyPath(tls.keyFile().toString());
        } else {
            keyCert.setKeyValue(Buffer.buffer(tls.keyText()));
        }
        ServerSSLOptions ssl = new ServerSSLOptions()
                .setKeyCertOptions(keyCert)
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()));
        tls.cipherSuites().forEach(ssl::addEnabledCipherSuite);
        TlsSettings.ClientAuthType auth = tls.clientAuth();
        if (auth != TlsSettings.ClientAuthType.NO_CLIENT_CERT) {
            ssl.setClientAuth(auth.required ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
            ssl.setTrustOptions(auth.verified ? clientCa(tls) : TrustOptions.wrap(new AnyClientCertificate()));
        }
        return ssl;
    }

    private static PemTrustOptions clientCa(TlsSettings tls) {
        PemTrustOptions ca = new PemTrustOptions();
        if (tls.clientCaFile() != null) {
            ca.addCertPath(tls.clientCaFile().toString());
        } else {
            ca.addCertValue(Buffer.buffer(tls.clientCaText()));
        }
        return ca;
    }

    /**
     * RequestClientCert and RequireAnyClientCert ask for a certificate without checking who signed
     * it, as Go does for these types: the certificate proves nothing, the handshake only needs one.
     */
    private static final class AnyClientCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
