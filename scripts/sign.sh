#!/usr/bin/env bash
# Sign efimm for Secure Boot and write a bootable image with the signed copy.
# Usage: scripts/sign.sh KEY CERT   (KEY: PEM private key, unencrypted; CERT: PEM certificate)
# Writes build/efimm.signed.efi and build/efimm.signed.img.
set -euo pipefail
key=${1:-} cert=${2:-}
if [ -z "$key" ] || [ -z "$cert" ]; then
	echo "usage: make sign KEY=db.key CERT=db.crt   (README: Secure Boot explains making and enrolling a key)" >&2
	exit 2
fi
for f in "$key" "$cert"; do [ -r "$f" ] || { echo "sign: cannot read $f" >&2; exit 2; }; done
here=$(cd "$(dirname "$0")" && pwd)
sbsign --key "$key" --cert "$cert" --output build/efimm.signed.efi build/efimm.efi
sbverify --cert "$cert" build/efimm.signed.efi
"$here/mkimage.sh" build/efimm.signed.img 64 build/efimm.signed.efi=/EFI/BOOT/BOOTX64.EFI \
	build/efimm.signed.efi=/efimm.efi =/efimm/
echo "signed: build/efimm.signed.efi and build/efimm.signed.img"
