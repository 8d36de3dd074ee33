#!/usr/bin/env bash
# docker/make-http-secrets.sh: what the moderation service's container needs to listen on its own
# address (SECURITY.md, alerts/README.md): it refuses any address but loopback without bearer
# tokens and HTTPS. Writes into DIR (created owner-only):
#
#   keystore.p12       PKCS12 key store: a new EC key and a self-signed certificate (825 days) for
#                      localhost, 127.0.0.1, alerts, alerts.hashstream.svc(.cluster.local) and
#                      every NAME given (dns or ip)         -> --https-keystore
#   keystore.password  its password (random)               -> --https-keystore-password-file
#   tokens             one admin token's sha256: 'moderator admin sha256:HEX'   -> --tokens
#   moderator.token    that token itself: 'Authorization: Bearer $(cat ...)', and
#                      what the live page asks for; the service never sees it, only its digest
#   cert.pem           the certificate, for clients: curl --cacert, a browser, Prometheus
#
# The first three are what the container mounts: compose.yaml takes them as secrets from
# docker/secrets/, Kubernetes as the Secret 'alerts-http' (k8s/services.yaml says how to make it),
# docker/test.sh makes its own. They are readable by everyone (the service runs as uid 10001,
# Prometheus as nobody, and a file bind-mounted keeps its mode) inside a folder only its owner can
# enter. Tokens of single tenants: add lines
# 'NAME tenants=A,B sha256:HEX' to tokens (printf %s "$TOKEN" | sha256sum) and restart the service.
#
# Needs keytool (any JDK) and sha256sum. Refuses to overwrite an existing key store.
#
# Usage: docker/make-http-secrets.sh DIR [NAME...]     e.g. docker/make-http-secrets.sh docker/secrets
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,/^# Usage/p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
DIR="$1"; shift
[[ -e "$DIR/keystore.p12" ]] && { echo "make-http-secrets: $DIR/keystore.p12 exists; remove $DIR first" >&2; exit 1; }
command -v keytool >/dev/null || { echo "make-http-secrets: needs keytool (a JDK)" >&2; exit 1; }

random() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+='; }
san=dns:localhost,ip:127.0.0.1,dns:alerts,dns:alerts.hashstream.svc,dns:alerts.hashstream.svc.cluster.local
for name in "$@"; do
  if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then san+=",ip:$name"; else san+=",dns:$name"; fi
done

mkdir -p "$DIR"
chmod 700 "$DIR"
umask 022
random 24 >"$DIR/keystore.password"
keytool -genkeypair -alias alerts -keyalg EC -groupname secp256r1 -validity 825 \
  -dname "CN=hashstream moderation service" -ext "SAN=$san" \
  -storetype PKCS12 -keystore "$DIR/keystore.p12" -storepass:file "$DIR/keystore.password" 2>/dev/null
keytool -exportcert -rfc -alias alerts -keystore "$DIR/keystore.p12" \
  -storepass:file "$DIR/keystore.password" -file "$DIR/cert.pem" 2>/dev/null
random 32 >"$DIR/moderator.token"
printf 'moderator admin sha256:%s\n' "$(tr -d '\n' <"$DIR/moderator.token" | sha256sum | cut -d' ' -f1)" >"$DIR/tokens"
echo "make-http-secrets: $DIR/{keystore.p12,keystore.password,tokens,cert.pem,moderator.token}; certificate for $san"
