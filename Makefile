# pid1 - a tiny PID-1 supervisor for containers.
VERSION := 1.0.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wformat-security -Wvla -Wnull-dereference
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
HARDEN_CFLAGS := -fstack-protector-strong -fstack-clash-protection -fcf-protection -fPIE
HARDEN_LDFLAGS := -pie -Wl,-z,relro,-z,now
# _FORTIFY_SOURCE needs optimisation, and some compilers set it already.
FORTIFY := -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2
# SANITIZE=1: `make check` also runs the black-box suite against build/pid1-san.
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
ALL_CPPFLAGS := -D_GNU_SOURCE -DPID1_VERSION='"$(VERSION)"' $(FORTIFY) $(CPPFLAGS)
ALL_CFLAGS := -std=gnu11 $(WARNINGS) $(HARDEN_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(HARDEN_LDFLAGS) $(LDFLAGS)

LIB_SRCS := errtext.c options.c signals.c spawn.c reaper.c supervisor.c adopt.c log.c namespace.c idmap.c join.c procfs.c pidfile.c parse.c fmt.c sys.c str.c
SRCS := init.c $(LIB_SRCS)
HDRS := $(wildcard *.h)
OBJDIR := build/obj
OBJS := $(SRCS:%.c=$(OBJDIR)/%.o)
LIB_OBJS := $(LIB_SRCS:%.c=$(OBJDIR)/%.o)

# The static build: musl, size first (docs/benchmarks.md says what each flag saves).
# Not position-independent: an address is then a 4-byte immediate, and the
# tables of pointers need no relocation (.data.rel.ro) and stay read-only.
# -Oz and no jump tables: the loop waits in a system call, so shorter code
# costs no measurable time. A small common page size lets the data segment
# start in the file right after the code, instead of on the next page
# boundary (up to 4 KB of zeros).
# No sibling calls, no caller-saved registers kept across calls, and a function
# called once stays a function: each makes the code a little longer to run and
# shorter to carry (together about 500 bytes). str.c's strlen() and its kin
# take the place of musl's (PID1_SMALL_STRINGS: about 900 bytes less).
MUSL_CC ?= musl-gcc
STATIC_CFLAGS := -std=gnu11 -Oz -D_GNU_SOURCE -DPID1_ERRNO_TABLE -DPID1_SMALL_STRINGS -DPID1_VERSION='"$(VERSION)"' $(WARNINGS) \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-pie -flto -fno-jump-tables -fno-optimize-sibling-calls -fno-caller-saves \
	-fno-inline-functions-called-once
# pid1 has no floating point: without SSE, a variadic function (the log and
# format functions) no longer saves the eight vector registers on entry.
# Only for the x86-64 compiler: the release's cross compilers have no -mno-sse.
STATIC_X86_64_CFLAGS := -mno-sse
ifneq ($(findstring x86_64,$(shell $(MUSL_CC) -dumpmachine 2>/dev/null)),)
STATIC_NATIVE_CFLAGS := $(STATIC_X86_64_CFLAGS)
endif
# musl's own crt1.o alone: GCC's crtbegin.o and crtend.o register exception
# frames and transactional-memory clones, which a C program without either
# never uses, and crti.o/crtn.o frame an _init() that musl calls only if it
# is there (together 250 bytes).
STATIC_LDFLAGS := -static -no-pie -s -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,--build-id=none \
	-Wl,-z,common-page-size=64 -nostartfiles -l:crt1.o

UNIT_TESTS := $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))
HELPERS := build/tests/probe

.PHONY: all static check check-deps check-engines check-selfcheck unit bats demo lint stress fuzz mutants bench release deb install uninstall clean

all: pid1

pid1: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(ALL_LDFLAGS)

$(OBJDIR)/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(OBJDIR)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

build/pid1-san: $(SRCS) $(HDRS) Makefile
	@mkdir -p build
	$(CC) -D_GNU_SOURCE -DPID1_VERSION='"$(VERSION)"' -std=gnu11 $(WARNINGS) $(SAN_FLAGS) -o $@ $(SRCS)

static: pid1-static

# The messages and the --help and --license texts (fmt.h's TEXT()) go in
# packed, and the section headers go out: the kernel never reads them. Both
# after the link, by tests/trim-elf.py; at most STATIC_TEXT_MAX bytes of text,
# the size of fmt.c's buffer for them. A message is then no literal to the
# compiler: the other builds check the formats.
STATIC_TEXT_MAX := 20480
STATIC_TEXT_CFLAGS := -DPID1_PACKED_TEXT -DFMT_TEXT_MAX=$(STATIC_TEXT_MAX) -Wno-format-security -Wno-format-nonliteral
pid1-static: $(SRCS) $(HDRS) Makefile tests/trim-elf.py tests/pack-text.py
	$(MUSL_CC) $(STATIC_CFLAGS) $(STATIC_NATIVE_CFLAGS) $(STATIC_TEXT_CFLAGS) -o $@.tmp $(SRCS) $(STATIC_LDFLAGS)
	tests/trim-elf.py --pack pid1_text:$(STATIC_TEXT_MAX) $@.tmp
	mv $@.tmp $@

build/tests/test_%: tests/unit/test_%.c tests/unit/expect.h $(LIB_OBJS)
	@mkdir -p build/tests
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -I. -o $@ $< $(LIB_OBJS) $(ALL_LDFLAGS) -lcmocka

# log.c's pauses for a stderr that cannot take a line are counted, not slept.
build/tests/test_log: tests/unit/test_log.c tests/unit/expect.h $(LIB_OBJS)
	@mkdir -p build/tests
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -I. -o $@ $< $(LIB_OBJS) $(ALL_LDFLAGS) -Wl,--wrap=sys_nanosleep -lcmocka

# The loop in a scripted world: every system call supervisor.c and adopt.c make
# is replaced by a fake from tests/unit/fake_world.h (--wrap only redirects the
# calls from the objects linked here, never libc's or cmocka's own).
SUPERVISOR_WRAPS := signals_wait signals_open reaper_reap_one kill getpid getpgid getpgrp sys_clock_gettime \
	procfs_signal_descendants procfs_self procfs_is_ours procfs_is_descendant pidfile_read waitid \
	inotify_init1 inotify_add_watch access read close write sys_tcgetpgrp sys_tcsetpgrp
SUPERVISOR_TEST_OBJS := $(addprefix $(OBJDIR)/,errtext.o supervisor.o adopt.o options.o signals.o reaper.o log.o fmt.o parse.o pidfile.o sys.o)
build/tests/test_supervisor: tests/unit/test_supervisor.c tests/unit/fake_world.h $(SUPERVISOR_TEST_OBJS)
	@mkdir -p build/tests
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -I. -o $@ $< $(SUPERVISOR_TEST_OBJS) $(ALL_LDFLAGS) \
		$(SUPERVISOR_WRAPS:%=-Wl,--wrap=%) -lcmocka

build/tests/probe: tests/helpers/probe.c
	@mkdir -p build/tests
	$(CC) -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -o $@ $<

check-deps:
	@tests/install-deps.sh

unit: $(UNIT_TESTS)
	@failed=0; for t in $(UNIT_TESTS); do echo "== $$t"; $$t || failed=1; done; exit $$failed

# PID1 selects the binary the black-box suite runs against (default ./pid1).
BATS_FILES ?= tests/*.bats
bats: pid1 $(HELPERS)
	PID1=$(or $(PID1),./pid1) bats --print-output-on-failure $(BATS_FILES)

# The whole suite: unit tests, then the black-box tests against the dynamic
# and the static binary. tests/check.sh runs every stage even when one fails,
# then lists each failed stage and test, and fails. A stage that builds its
# binary (bats-static) stops at a failed build: no test runs against a stale one.
# Without the dependencies nothing can run, so check-deps comes first and alone.
CHECK_STAGES := 'unit $(MAKE) unit' \
	'bats $(MAKE) bats' \
	'bats-static $(MAKE) static bats PID1=./pid1-static'
ifeq ($(SANITIZE),1)
# pid1 allocates nothing; LeakSanitizer's stop-the-world fails as PID 1.
CHECK_STAGES += 'bats-san ASAN_OPTIONS=detect_leaks=0 $(MAKE) build/pid1-san bats PID1=build/pid1-san'
endif
check: check-deps
	@tests/check.sh $(CHECK_STAGES)

# pid1 under real container engines (tests/engines/): a private dockerd,
# Podman with private storage, a private containerd, images built here from
# busybox-static (no registry). Root; installs docker.io, podman, containerd
# and the rest if missing. Not part of `make check`. The last suite is the
# selfcheck below (about 20 minutes); the others take a few minutes.
ENGINE_SUITES := tests/engines/docker.bats tests/engines/podman.bats tests/engines/containerd.bats \
	tests/engines/guides.bats tests/engines/selfcheck.bats
check-engines:
	@tests/install-deps.sh engines
	$(MAKE) static
	PID1=./pid1-static bats --print-output-on-failure $(ENGINE_SUITES)

# The README's Quick start (demo.sh, make check) in a fresh Debian 12
# container under Podman (debootstrap, then the packages from the Debian
# mirror): a whole make check in the container, about 20 minutes. Also the
# last suite of check-engines; this runs it alone.
check-selfcheck:
	@tests/install-deps.sh engines
	$(MAKE) static
	PID1=./pid1-static bats --print-output-on-failure tests/engines/selfcheck.bats

demo:
	./demo.sh

# pid1 against tini, tini-static, dumb-init and catatonit (root; about 3 minutes;
# BENCH_QUICK=1 for a short run). Writes docs/benchmarks.md and .png.
bench: pid1 static
	bench/run.sh

# The long storms: 100,000 orphans and 10,000 signals (about 40 s).
stress: pid1 $(HELPERS)
	PID1_STRESS=1 PID1=$(or $(PID1),./pid1) bats --print-output-on-failure tests/stress.bats

# Deliberate slips (tests/mutants/list), each built in a scratch copy and run
# against the suite until a test goes red; the score must reach
# MUTANTS_THRESHOLD %. Long (an hour or more), so not part of `make check`.
MUTANTS_THRESHOLD ?= 90
mutants:
	tests/mutants/run.sh --threshold $(MUTANTS_THRESHOLD) $(MUTANTS_ARGS)

# libFuzzer over the parsers, for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz:
	@tests/install-deps.sh fuzz
	tests/fuzz/run.sh $(FUZZ_SECONDS)

SHELL_SCRIPTS := $(wildcard demo.sh tests/*.sh tests/helpers/*.sh tests/helpers/*.bash tests/fuzz/*.sh tests/mutants/*.sh bench/*.sh \
	packaging/*.sh) \
	tests/helpers.bash .ci/run
lint: pid1
	@tests/install-deps.sh lint
	@# Every string literal in pid1's sources within what fmt.c implements.
	tests/lint-formats.py
	@# pid1's sources as .clang-format lays them out (tables fenced off).
	clang-format --dry-run --Werror $(SRCS) $(HDRS)
	clang-tidy --quiet $(SRCS) -- -std=gnu11 -D_GNU_SOURCE
	cppcheck --enable=warning,style,performance,portability --std=c11 -D_GNU_SOURCE \
		--suppress=unusedStructMember --inline-suppr --quiet --error-exitcode=1 $(SRCS)
	shellcheck $(SHELL_SCRIPTS)
	shellcheck -s bash -S warning tests/*.bats tests/engines/*.bats
	@# Every fortifiable call in pid1 is provably in bounds, so the compiler
	@# emits no _chk variant and hardening-check cannot tell; -D_FORTIFY_SOURCE=2
	@# is checked in the compile flags instead.
	@# Control-flow protection is compiled in (endbr64), but Debian 12's crt
	@# objects carry no CET property, so the linked binary cannot claim it.
	hardening-check --nofortify --nocfprotection pid1
	@echo '$(ALL_CPPFLAGS)' | grep -q -- '-D_FORTIFY_SOURCE=2'

# ---- Release artifacts (on an x86-64 Debian 12 machine, as root) ----
# One static binary per architecture, DEBIAN-ARCH:GCC-TRIPLET:MUSL-DIR:QEMU.
# A foreign one is Debian's cross gcc with the specs of that architecture's
# musl-dev (what musl-gcc does for x86-64) and the static build's own flags.
# riscv64 is tried, but Debian 12 has no musl-dev:riscv64 (riscv64 is a
# release architecture from Debian 13 on): make release says it is left out.
RELEASE_TARGETS := amd64:x86_64-linux-gnu:x86_64-linux-musl:x86_64 \
	arm64:aarch64-linux-gnu:aarch64-linux-musl:aarch64 \
	armhf:arm-linux-gnueabihf:arm-linux-musleabihf:arm \
	i386:i686-linux-gnu:i386-linux-musl:i386 \
	ppc64el:powerpc64le-linux-gnu:powerpc64le-linux-musl:ppc64le \
	s390x:s390x-linux-gnu:s390x-linux-musl:s390x \
	riscv64:riscv64-linux-gnu:riscv64-linux-musl:riscv64
# Without these make release fails; the others are built where Debian can.
RELEASE_REQUIRED := amd64 arm64 armhf
RELEASE_DIR := build/release
release_field = $(word $(2),$(subst :, ,$(filter $(1):%,$(RELEASE_TARGETS))))

# x86-64 is make static's binary itself, the one make check tests.
$(RELEASE_DIR)/pid1-static-amd64: pid1-static
	@mkdir -p $(RELEASE_DIR)
	cp pid1-static $@

$(RELEASE_DIR)/pid1-static-%: $(SRCS) $(HDRS) Makefile
	@mkdir -p $(RELEASE_DIR)
	$(call release_field,$*,2)-gcc -specs /usr/lib/$(call release_field,$*,3)/musl-gcc.specs \
		$(STATIC_CFLAGS) -o $@ $(SRCS) $(STATIC_LDFLAGS)

# Every binary, each smoke-tested (tests/release.bats, under qemu-user for a
# foreign one), the .deb, a source tarball, and SHA256SUMS, in build/release/.
release: deb
	@tests/install-deps.sh release $(RELEASE_TARGETS)
	packaging/release.sh $(RELEASE_DIR) '$(VERSION)' '$(RELEASE_REQUIRED)' $(RELEASE_TARGETS)

# build/pid1_VERSION_ARCH.deb: pid1, its manual page and documentation,
# installed, run and removed once, and checked by lintian.
deb:
	@tests/install-deps.sh deb
	$(MAKE) pid1
	packaging/deb.sh '$(VERSION)'

install: pid1
	install -D -m 0755 pid1 $(DESTDIR)$(BINDIR)/pid1
	install -D -m 0644 docs/pid1.1 $(DESTDIR)$(MANDIR)/man1/pid1.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pid1 $(DESTDIR)$(MANDIR)/man1/pid1.1

clean:
	rm -rf build pid1 pid1-static pid1-static.tmp
