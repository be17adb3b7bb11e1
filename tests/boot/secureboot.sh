#!/usr/bin/env bash
# Secure Boot: OVMF's Secure Boot build with Debian's snakeoil test keys
# enrolled (OVMF_VARS_4M.snakeoil.fd) must run efimm signed with that key
# (make sign), and must refuse the unsigned build.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=build/boot-secureboot
rm -rf "$out"; mkdir -p "$out"
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# Debian ships the snakeoil key encrypted (password "snakeoil"); sbsign needs it plain.
openssl rsa -in /usr/share/ovmf/PkKek-1-snakeoil.key -passin pass:snakeoil -out "$out/snakeoil.key" 2>/dev/null
if ! scripts/sign.sh "$out/snakeoil.key" /usr/share/ovmf/PkKek-1-snakeoil.pem >"$out/sign.log" 2>&1; then
	cat "$out/sign.log"
	fail "make sign with the snakeoil key"
	echo "$passed passed, $failed failed"
	exit 1
fi
pass "make sign: sbverify accepts build/efimm.signed.efi"

batch_image() { # SRC OUT: the image with \efimm\cmdline.txt = batch
	cp "$1" "$2"
	echo batch >"$2.cmdline"
	scripts/esp.sh put "$2" "$2.cmdline" /efimm/cmdline.txt
}
batch_image build/efimm.signed.img "$out/signed.img"
batch_image build/efimm.img "$out/unsigned.img"

export SECBOOT=1 VARS_TEMPLATE=/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd MEM=512M
# A refused image leaves OVMF in its boot menu: stop at the refusal or after 60 s.
( DEBUGCON=$out/signed.debugcon scripts/qemu-boot.sh "$out/signed.img" "$out/signed.serial" 2>"$out/signed.time"
  echo $? >"$out/signed.status" ) &
( DEBUGCON=$out/unsigned.debugcon BOOT_TIMEOUT=60 BOOT_STOP='HARDDISK.*(Access Denied|Security Violation)' \
  scripts/qemu-boot.sh "$out/unsigned.img" "$out/unsigned.serial" 2>"$out/unsigned.time"
  echo $? >"$out/unsigned.status" ) &
wait

st=$(cat "$out/signed.status")
if [ "$st" = 1 ] && grep -a "efimm: batch run ok" "$out/signed.debugcon" >/dev/null 2>&1; then
	pass "Secure Boot enforced, signed efimm runs its batch (QEMU exit 1)"
else
	fail "Secure Boot, signed image: QEMU exit $st (want 1); see $out/signed.*"
fi
st=$(cat "$out/unsigned.status")
# OVMF tries the DVD first ("Not Found"), then our disk, whose image it must deny.
if [ ! -s "$out/unsigned.debugcon" ] && grep -aE 'HARDDISK.*(Access Denied|Security Violation)' "$out/unsigned.serial" >/dev/null; then
	pass "Secure Boot enforced, unsigned efimm is refused by the firmware (nothing of efimm ran)"
else
	fail "Secure Boot, unsigned image: not refused as expected (QEMU exit $st); see $out/unsigned.*"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
