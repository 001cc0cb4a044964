#!/bin/bash
# build.sh: build the stand-in guest as OUT/mini.elf (ELF32 multiboot, for
# qemu -kernel) and OUT/mini.iso (GRUB rescue ISO, for qemu -cdrom).
set -euo pipefail

src=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out/iso/boot/grub"
gcc -m32 -nostdlib -static -Wl,--build-id=none -Wl,-Ttext=0x100000 \
	-o "$out/mini.elf" "$src/mini.S"
cp "$out/mini.elf" "$out/iso/boot/mini.elf"
cat >"$out/iso/boot/grub/grub.cfg" <<'CFG'
set timeout=0
serial --unit=0 --speed=115200
terminal_output serial
menuentry "mini" {
	multiboot /boot/mini.elf
}
CFG
grub-mkrescue -o "$out/mini.iso" "$out/iso" >/dev/null 2>&1
