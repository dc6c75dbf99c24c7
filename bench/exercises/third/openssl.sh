# openssl: train hashes a file; test makes an RSA and an EC key, a
# self-signed certificate, verifies it, signs and checks a file,
# encrypts and decrypts with a password, and speaks TLS to itself
# (s_server and s_client over TCP on the loopback, inside the container:
# port 4433, 0x1151 in /proc/net/tcp).
prepare() {
	head -c 100000 /dev/urandom >"$D/in.bin"
	rm -f "$D"/*.pem "$D"/*.enc "$D"/out.bin "$D"/sig
	cat >"$D/test.sh" <<SH
O=/usr/bin/openssl
cd "$D" || exit 1
\$O genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k.pem 2>/dev/null || exit 1
\$O ecparam -name prime256v1 -genkey -noout -out ec.pem || exit 1
\$O req -x509 -new -key k.pem -subj /CN=t.test -days 2 -out c.pem || exit 1
\$O verify -CAfile c.pem c.pem >/dev/null || exit 1
\$O dgst -sha256 -sign ec.pem -out sig in.bin || exit 1
\$O dgst -sha256 -prverify ec.pem -signature sig in.bin >/dev/null || exit 1
\$O enc -aes-256-cbc -pbkdf2 -pass pass:pw -in in.bin -out in.enc || exit 1
\$O enc -d -aes-256-cbc -pbkdf2 -pass pass:pw -in in.enc -out out.bin || exit 1
cmp in.bin out.bin || exit 1
\$O s_server -quiet -www -naccept 1 -accept 127.0.0.1:4433 -cert c.pem -key k.pem >/dev/null 2>&1 &
i=0
while ! grep -q ':1151 00000000:0000 0A' /proc/net/tcp && [ \$i -lt 100 ]; do
	sleep 0.1; i=\$((i+1))
done
printf 'GET / HTTP/1.0\\r\\n\\r\\n' |
	\$O s_client -quiet -ign_eof -connect 127.0.0.1:4433 -CAfile c.pem 2>/dev/null |
	grep -q -i cipher || exit 1
wait \$!
SH
}
TRAIN=(/bin/sh -c '/usr/bin/openssl dgst -sha256 "$1/in.bin"' sh "$D")
TEST=(/bin/sh "$D/test.sh")
