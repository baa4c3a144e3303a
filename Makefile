# SPDX-License-Identifier: GPL-2.0
#
# xnic: out-of-tree driver build plus the project's own targets.
#
#   make                  build xnic.ko for the running kernel (KVER=... for another)
#   make install          install xnic.ko under updates/ and the firmware image
#   make demo             set everything up, boot the VM, show the NIC working
#   make check            set everything up, run every test (hw/ natively, selftests in the VM)
#
# The kbuild part of the build is in Kbuild.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
DESTDIR ?=
FW_IMAGE := build/firmware/xnic/xnic.fw

.PHONY: all modules clean install firmware tools qemu hwtest deps prepare check demo \
	checkpatch sparse bench bpf-progs bench-xdp

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf build/hw-tests build/firmware build/xnic-fw

install: modules firmware
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	install -D -m 0644 $(FW_IMAGE) $(DESTDIR)/lib/firmware/xnic/xnic.fw
	depmod -a $(KVER)

# The firmware image and the xnic-fw tool
firmware tools:
	$(MAKE) -C firmware-loader

# The XDP programs of the selftests (clang -target bpf)
bpf-progs:
	$(MAKE) -C selftests/bpf

# Debian's QEMU 7.2 with the xnic device model
qemu:
	scripts/build-qemu

# Native unit tests of the NIC's core logic
hwtest:
	$(MAKE) -C hw/tests check

deps:
	scripts/install-deps

# Everything the VM needs: packages, QEMU, firmware, the module for the guest kernel
prepare:
	scripts/prepare

check:
	scripts/check

demo:
	scripts/demo

bench: prepare
	scripts/bench-pf-throughput
	scripts/bench-vf-throughput
	scripts/bench-switchdev
	scripts/bench-xdp-offload
	scripts/bench-flower
	scripts/bench-flower-insert -H
	$(MAKE) -C hw/tests bench

# Static checks of the driver
checkpatch:
	scripts/checkpatch

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules
