#!/usr/bin/env bash
# Container health check: exits 0 if the node in this container answers 200 to GET PATH on PORT
# of 127.0.0.1, else 1. Usage: healthcheck.sh PATH PORT (e.g. /-/healthy 9091, or /-/ready 9091).
#
# Plain bash (its /dev/tcp redirection) on purpose: the runtime image has no guaranteed HTTP
# client, and starting a second JVM for every check would be heavy.
set -u

path="${1:?usage: healthcheck.sh PATH PORT}"
port="${2:?usage: healthcheck.sh PATH PORT}"

exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
# HTTP/1.0: the node closes the connection after its answer.
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$path" "$port" >&3 || exit 1
# The status line, e.g. "HTTP/1.0 200 OK"; give up if it does not come within 4 seconds.
read -r -t 4 _version status _reason <&3 || exit 1
# Read the rest of the answer, so that the connection ends with the node's close, not a reset.
while read -r -t 4 _line <&3; do :; done
[ "$status" = "200" ]
