#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
#
# Makes throwaway certificates for the client tests in DIR: a test CA, a
# server certificate for 127.0.0.1/localhost, one for the wrong host, an
# expired one, and one from a CA the client does not know.
set -eu
dir=$1
cd "$dir"

ca () {
  name=$1
  certtool --generate-privkey --key-type=ecdsa --outfile "$name-key.pem" 2>/dev/null
  cat > "$name.tmpl" <<TMPL
cn = "Wegwijs test $name"
ca
cert_signing_key
expiration_days = 30
TMPL
  certtool --generate-self-signed --load-privkey "$name-key.pem" --template "$name.tmpl" --outfile "$name.pem" 2>/dev/null
}

server () {
  name=$1 ca=$2 dns=$3 ip=$4 dates=$5
  certtool --generate-privkey --key-type=ecdsa --outfile "$name-key.pem" 2>/dev/null
  {
    echo "cn = \"$dns\""
    echo "dns_name = \"$dns\""
    [ -n "$ip" ] && echo "ip_address = \"$ip\""
    echo "tls_www_server"
    echo "signing_key"
    echo "$dates"
  } > "$name.tmpl"
  certtool --generate-certificate --load-privkey "$name-key.pem" --load-ca-certificate "$ca.pem" \
    --load-ca-privkey "$ca-key.pem" --template "$name.tmpl" --outfile "$name.pem" 2>/dev/null
}

ca ca
ca other-ca
server good ca localhost 127.0.0.1 "expiration_days = 30"
server wrong-host ca wrong.example "" "expiration_days = 30"
server expired ca localhost 127.0.0.1 'activation_date = "2020-01-01 00:00:00 UTC"
expiration_date = "2020-02-01 00:00:00 UTC"'
server unknown-ca other-ca localhost 127.0.0.1 "expiration_days = 30"

# The pin of the good server's public key, and of another key.
certtool --pubkey-info --load-privkey good-key.pem --outder 2>/dev/null | openssl dgst -sha256 -binary | base64 > good.pin
certtool --pubkey-info --load-privkey other-ca-key.pem --outder 2>/dev/null | openssl dgst -sha256 -binary | base64 > other.pin
