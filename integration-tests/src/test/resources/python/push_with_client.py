"""Pushes to a Pushgateway with the official Python client (Debian python3-prometheus-client).

Usage: push_with_client.py ADDRESS ACTION JOB GROUPING_KEY_JSON
  ACTION: push (PUT, full registry), pushadd (POST, update registry), delete (DELETE),
  push_ttl (PUT with a Pushgateway-TTL header of one hour, set by a handler),
  push_gzip (PUT of the full registry, gzip-compressed by a handler),
  push_basic_auth (PUT with the client's basic_auth_handler; user and password from the
  environment variables PUSH_USER and PUSH_PASSWORD), or
  push_tls (PUT with the client's tls_auth_handler; ADDRESS starts with https://, the client
  certificate, its key and the CA that signed the server's certificate are the files named by
  PUSH_CERT, PUSH_KEY and PUSH_CA).
Exits non-zero (the client raises) if the gateway answers an error.
"""
import gzip
import json
import os
import sys

from prometheus_client import (CollectorRegistry, Counter, Gauge, Histogram, Summary,
                               delete_from_gateway, push_to_gateway, pushadd_to_gateway)
from prometheus_client.exposition import basic_auth_handler, default_handler, tls_auth_handler

TIMEOUT_SECONDS = 10


def full_registry():
    registry = CollectorRegistry()
    Counter('py_jobs', 'Jobs run by the Python client.', registry=registry).inc(3)
    Gauge('py_temperature', 'Temperature in Celsius.', ['room'], registry=registry).labels(room='lab').set(21.5)
    latency = Histogram('py_latency_seconds', 'Latency.', buckets=(0.1, 1.0), registry=registry)
    latency.observe(0.5)
    latency.observe(2)
    Summary('py_size_bytes', 'Size.', registry=registry).observe(10)
    return registry


def update_registry():
    registry = CollectorRegistry()
    Gauge('py_temperature', 'Temperature in Celsius.', ['room'], registry=registry).labels(room='lab').set(22)
    Gauge('py_extra', 'Added by pushadd.', registry=registry).set(1)
    return registry


def one_hour_ttl_handler(url, method, timeout, headers, data):
    """The client's way to add a header: wrap the default handler."""
    return default_handler(url, method, timeout, headers + [('Pushgateway-TTL', '1h')], data)


def gzip_handler(url, method, timeout, headers, data):
    """Compresses the body and says so, the way a handler can change what the client sends."""
    return default_handler(url, method, timeout, headers + [('Content-Encoding', 'gzip')], gzip.compress(data))


def basic_auth_from_environment(url, method, timeout, headers, data):
    return basic_auth_handler(url, method, timeout, headers, data,
                              os.environ['PUSH_USER'], os.environ['PUSH_PASSWORD'])


def client_certificate_from_environment(url, method, timeout, headers, data):
    return tls_auth_handler(url, method, timeout, headers, data, os.environ['PUSH_CERT'],
                            os.environ['PUSH_KEY'], cafile=os.environ['PUSH_CA'])


def main():
    address, action, job, grouping_key = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    if action == 'push':
        push_to_gateway(address, job=job, registry=full_registry(), grouping_key=grouping_key,
                        timeout=TIMEOUT_SECONDS)
    elif action == 'pushadd':
        pushadd_to_gateway(address, job=job, registry=update_registry(), grouping_key=grouping_key,
                           timeout=TIMEOUT_SECONDS)
    elif action == 'push_ttl':
        push_to_gateway(address, job=job, registry=update_registry(), grouping_key=grouping_key,
                        timeout=TIMEOUT_SECONDS, handler=one_hour_ttl_handler)
    elif action == 'push_gzip':
        push_to_gateway(address, job=job, registry=full_registry(), grouping_key=grouping_key,
                        timeout=TIMEOUT_SECONDS, handler=gzip_handler)
    elif action == 'push_basic_auth':
        push_to_gateway(address, job=job, registry=full_registry(), grouping_key=grouping_key,
                        timeout=TIMEOUT_SECONDS, handler=basic_auth_from_environment)
    elif action == 'push_tls':
        push_to_gateway(address, job=job, registry=full_registry(), grouping_key=grouping_key,
                        timeout=TIMEOUT_SECONDS, handler=client_certificate_from_environment)
    elif action == 'delete':
        delete_from_gateway(address, job=job, grouping_key=grouping_key, timeout=TIMEOUT_SECONDS)
    else:
        raise SystemExit('unknown action ' + action)


if __name__ == '__main__':
    main()
