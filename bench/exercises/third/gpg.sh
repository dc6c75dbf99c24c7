# gpg: train encrypts a file with a passphrase; test makes a key pair
# (gpg-agent, started by gpg), signs and verifies, encrypts to the key
# and decrypts, lists and exports the keys and stops the agent.
prepare() {
	rm -rf "$D/home"
	mkdir -m 700 "$D/home"
	head -c 50000 /dev/urandom >"$D/in.bin"
	rm -f "$D"/*.gpg "$D"/*.sig "$D/out.bin"
	cat >"$D/test.sh" <<SH
G="/usr/bin/gpg --homedir $D/home --batch --quiet --pinentry-mode loopback --passphrase pw"
cd "$D" || exit 1
\$G --quick-gen-key 't <t@x.test>' ed25519 sign never 2>/dev/null || exit 1
FPR=\$(\$G --with-colons --list-keys t@x.test | awk -F: '/^fpr/ { print \$10; exit }')
\$G --quick-add-key "\$FPR" cv25519 encr never 2>/dev/null || exit 1
\$G -o in.sig --detach-sign in.bin || exit 1
\$G --verify in.sig in.bin 2>/dev/null || exit 1
\$G -o in.gpg -r t@x.test --encrypt in.bin || exit 1
\$G -o out.bin --decrypt in.gpg 2>/dev/null || exit 1
cmp in.bin out.bin || exit 1
\$G --armor --export t@x.test | grep -q 'BEGIN PGP' || exit 1
\$G --list-secret-keys >/dev/null || exit 1
/usr/bin/gpgconf --homedir $D/home --kill gpg-agent
SH
	cat >"$D/train.sh" <<SH
G="/usr/bin/gpg --homedir $D/home --batch --quiet --pinentry-mode loopback --passphrase pw"
\$G -o "$D/in.bin.gpg" --symmetric "$D/in.bin" || exit 1
/usr/bin/gpgconf --homedir $D/home --kill gpg-agent
SH
}
TRAIN=(/bin/sh "$D/train.sh")
TEST=(/bin/sh "$D/test.sh")
