// SPDX-License-Identifier: MIT
/*
 * spawn.c - the measuring side of `make bench`. It starts commands itself
 * (clone with CLONE_VFORK, no shell) and times them with CLOCK_MONOTONIC,
 * interleaving the commands under comparison round by round so that drift
 * of the machine hits all of them alike.
 *
 * Every command is given as one argument "LABEL:PATH ARG ARG...", split on
 * spaces (the harness passes absolute paths without spaces).
 *
 *   spawn [-w none|pidns|proc] [-n ROUNDS] [-k WARMUP] time SPEC...
 *       Run each command ROUNDS times, interleaved, and print per label
 *       "LABEL n median p10 p90 p99 min failures" in nanoseconds, from
 *       clone() to waitpid() returning. A command that fails (exit status
 *       not 0) stops the driver with status 1, so failures is always 0.
 *   spawn [-w ...] [-n REPS] reap SPEC...
 *       Each command prints "ELAPSED_NS ZOMBIES_LEFT PID1_CPU_NS"
 *       (bench/workload.c); print "LABEL n median min max zombies_left_max
 *       failures median_pid1_cpu" (failures as above).
 *   spawn [-w ...] [-n ROUNDS] siglat SPEC...
 *       Each command must write one byte when it is ready and one byte per
 *       SIGUSR1 it receives. All commands run at once; each round sends one
 *       SIGUSR1 to each (to the process that was started: the init) and times
 *       until its byte arrives. Prints "LABEL n median p90 p99 min max".
 *   spawn [-w ...] [-t SECONDS] [-c COMM] idle SPEC...
 *       Start all commands, wait until each has a child whose comm is COMM
 *       (default "workload", i.e. it has exec'd), then count the context
 *       switches of the started process over SECONDS and read its memory.
 *       Prints "LABEL wakeups_per_s voluntary nonvoluntary VmRSS_kB
 *       RssAnon_kB Private_Dirty_kB".
 *
 * -a CPU pins the driver and everything it starts to one CPU; -k WARMUP
 * rounds (default 20) run first and are not counted; -r FILE writes every
 * sample as "LABEL ROUND NS".
 *
 * Wrappers (-w): none runs PATH directly; pidns (default) makes it PID 1 of
 * a new PID namespace, like `unshare --pid --fork PATH`; proc also gives it
 * a private /proc, like `unshare --pid --fork --mount-proc PATH`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_SPECS 16
#define MAX_ARGS 32
#define STACK_SIZE (256 * 1024)

enum wrapper { W_NONE, W_PIDNS, W_PROC };

struct spec {
	char *label;
	char *argv[MAX_ARGS];
	pid_t pid;
	int out; /* read end of the command's stdout, or -1 */
	long long *samples;
	int n;
	int failures;
};

struct child_args {
	char **argv;
	enum wrapper wrapper;
	int in_fd, out_fd;
};

static enum wrapper wrapper = W_PIDNS;
static char *stack;
static int devnull = -1;
static const char *child_comm = "workload";
static FILE *raw; /* -r FILE: every sample, "LABEL ROUND NS" */

static void die(const char *what)
{
	fprintf(stderr, "spawn: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void parse_spec(struct spec *s, char *text)
{
	char *colon = strchr(text, ':'), *save = NULL, *word;
	int n = 0;

	memset(s, 0, sizeof(*s));
	if (colon == NULL) {
		fprintf(stderr, "spawn: '%s' is not LABEL:COMMAND\n", text);
		exit(2);
	}
	*colon = '\0';
	s->label = text;
	for (word = strtok_r(colon + 1, " ", &save); word != NULL; word = strtok_r(NULL, " ", &save)) {
		if (n == MAX_ARGS - 1) {
			fprintf(stderr, "spawn: too many words in %s\n", text);
			exit(2);
		}
		s->argv[n++] = word;
	}
	s->argv[n] = NULL;
	if (n == 0) {
		fprintf(stderr, "spawn: no command for %s\n", text);
		exit(2);
	}
	s->pid = -1;
	s->out = -1;
}

/* Runs on its own stack in the parent's memory (CLONE_VM): system calls only. */
static int child_main(void *arg)
{
	const struct child_args *a = arg;

	if (a->wrapper == W_PROC &&
	    (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	     mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0))
		_exit(125);
	if (dup2(a->in_fd, 0) < 0 || dup2(a->out_fd, 1) < 0)
		_exit(125);
	execv(a->argv[0], a->argv);
	_exit(127);
}

/* Start argv with stdin from /dev/null and stdout to out_fd (or /dev/null). */
static pid_t start(char **argv, int out_fd)
{
	struct child_args a = { .argv = argv, .wrapper = wrapper, .in_fd = devnull,
				.out_fd = out_fd >= 0 ? out_fd : devnull };
	int flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
	pid_t pid;

	if (wrapper == W_PIDNS)
		flags |= CLONE_NEWPID;
	else if (wrapper == W_PROC)
		flags |= CLONE_NEWPID | CLONE_NEWNS;
	pid = clone(child_main, stack + STACK_SIZE, flags, &a);
	if (pid < 0)
		die("clone");
	return pid;
}

static int wait_for(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	return status;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Percentile p (0..100) of sorted v[0..n-1], linear interpolation. */
static long long pct(const long long *v, int n, double p)
{
	double pos = (n - 1) * p / 100.0;
	int lo = (int)pos;

	if (n == 0)
		return -1;
	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (long long)((v[lo + 1] - v[lo]) * (pos - lo));
}

static void alloc_samples(struct spec *specs, int nspecs, int rounds)
{
	for (int i = 0; i < nspecs; i++) {
		specs[i].samples = calloc((size_t)rounds, sizeof(long long));
		if (specs[i].samples == NULL)
			die("calloc");
	}
}

static void record(struct spec *s, int round, long long ns)
{
	s->samples[s->n++] = ns;
	if (raw != NULL)
		fprintf(raw, "%s %d %lld\n", s->label, round, ns);
}

/* ---- time ---- */

static int cmd_time(struct spec *specs, int nspecs, int rounds, int warmup)
{
	alloc_samples(specs, nspecs, rounds);
	for (int r = -warmup; r < rounds; r++) {
		for (int k = 0; k < nspecs; k++) {
			/* Rotate the order every round: no command always runs first. */
			struct spec *s = &specs[(k + (r + warmup)) % nspecs];
			long long t0 = now_ns();
			int status = wait_for(start(s->argv, -1));
			long long t1 = now_ns();

			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				fprintf(stderr, "spawn: %s: %s %d\n", s->label,
					WIFEXITED(status) ? "exit status" : "killed by signal",
					WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
				return 1;
			}
			if (r >= 0)
				record(s, r, t1 - t0);
		}
	}
	for (int i = 0; i < nspecs; i++) {
		struct spec *s = &specs[i];

		qsort(s->samples, (size_t)s->n, sizeof(long long), cmp_ll);
		printf("%s %d %lld %lld %lld %lld %lld %d\n", s->label, s->n, pct(s->samples, s->n, 50),
		       pct(s->samples, s->n, 10), pct(s->samples, s->n, 90), pct(s->samples, s->n, 99),
		       s->samples[0], s->failures);
	}
	return 0;
}

/* ---- reap ---- */

static int make_pipe(int fds[2])
{
	return pipe2(fds, O_CLOEXEC);
}

static int cmd_reap(struct spec *specs, int nspecs, int reps)
{
	int left_max[MAX_SPECS] = { 0 };
	long long *cpus[MAX_SPECS];

	alloc_samples(specs, nspecs, reps);
	for (int i = 0; i < nspecs; i++)
		if ((cpus[i] = calloc((size_t)reps, sizeof(long long))) == NULL)
			die("calloc");
	for (int r = 0; r < reps; r++) {
		for (int k = 0; k < nspecs; k++) {
			struct spec *s = &specs[(k + r) % nspecs];
			char buf[128];
			size_t len = 0;
			ssize_t got;
			long long elapsed, cpu;
			int fds[2], left, status;
			pid_t pid;

			if (make_pipe(fds) < 0)
				die("pipe");
			pid = start(s->argv, fds[1]);
			close(fds[1]);
			while (len < sizeof(buf) - 1 && (got = read(fds[0], buf + len, sizeof(buf) - 1 - len)) != 0) {
				if (got < 0 && errno == EINTR)
					continue;
				if (got < 0)
					die("read");
				len += (size_t)got;
			}
			buf[len] = '\0';
			close(fds[0]);
			status = wait_for(pid);
			if (sscanf(buf, "%lld %d %lld", &elapsed, &left, &cpu) != 3 || !WIFEXITED(status) ||
			    WEXITSTATUS(status) != 0) {
				fprintf(stderr, "spawn: %s: no result (wait status 0x%x, output '%s')\n", s->label,
					status, buf);
				return 1;
			}
			record(s, r, elapsed);
			cpus[s - specs][s->n - 1] = cpu;
			if (left > left_max[s - specs])
				left_max[s - specs] = left;
		}
	}
	for (int i = 0; i < nspecs; i++) {
		struct spec *s = &specs[i];

		qsort(s->samples, (size_t)s->n, sizeof(long long), cmp_ll);
		qsort(cpus[i], (size_t)s->n, sizeof(long long), cmp_ll);
		printf("%s %d %lld %lld %lld %d %d %lld\n", s->label, s->n, pct(s->samples, s->n, 50),
		       s->n ? s->samples[0] : -1, s->n ? s->samples[s->n - 1] : -1, left_max[i], s->failures,
		       pct(cpus[i], s->n, 50));
	}
	return 0;
}

/* ---- siglat ---- */

static int read_byte(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;
	int r;

	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return -1;
	return read(fd, &c, 1) == 1 ? 0 : -1;
}

static void stop_all(struct spec *specs, int nspecs)
{
	for (int i = 0; i < nspecs; i++) {
		if (specs[i].pid > 0) {
			/* PID 1 of its namespace: SIGKILL takes the whole namespace down. */
			kill(specs[i].pid, SIGKILL);
			wait_for(specs[i].pid);
			specs[i].pid = -1;
		}
		if (specs[i].out >= 0)
			close(specs[i].out);
		specs[i].out = -1;
	}
}

static int cmd_siglat(struct spec *specs, int nspecs, int rounds, int warmup)
{
	alloc_samples(specs, nspecs, rounds);
	for (int i = 0; i < nspecs; i++) {
		int fds[2];

		if (make_pipe(fds) < 0)
			die("pipe");
		specs[i].pid = start(specs[i].argv, fds[1]);
		close(fds[1]);
		specs[i].out = fds[0];
	}
	for (int i = 0; i < nspecs; i++) {
		if (read_byte(specs[i].out, 10000) < 0) {
			fprintf(stderr, "spawn: %s never became ready\n", specs[i].label);
			stop_all(specs, nspecs);
			return 1;
		}
	}
	for (int r = -warmup; r < rounds; r++) {
		for (int k = 0; k < nspecs; k++) {
			struct spec *s = &specs[(k + (r + warmup)) % nspecs];
			long long t0 = now_ns(), t1;

			if (kill(s->pid, SIGUSR1) < 0)
				die("kill");
			if (read_byte(s->out, 10000) < 0) {
				fprintf(stderr, "spawn: %s: no answer to SIGUSR1 in round %d\n", s->label, r);
				stop_all(specs, nspecs);
				return 1;
			}
			t1 = now_ns();
			if (r >= 0)
				record(s, r, t1 - t0);
		}
	}
	stop_all(specs, nspecs);
	for (int i = 0; i < nspecs; i++) {
		struct spec *s = &specs[i];

		qsort(s->samples, (size_t)s->n, sizeof(long long), cmp_ll);
		printf("%s %d %lld %lld %lld %lld %lld\n", s->label, s->n, pct(s->samples, s->n, 50),
		       pct(s->samples, s->n, 90), pct(s->samples, s->n, 99), s->samples[0], s->samples[s->n - 1]);
	}
	return 0;
}

/* ---- idle ---- */

/* The value of "Key:" in /proc/PID/FILE, in the file's unit; -1 if absent. */
static long proc_value(pid_t pid, const char *file, const char *key)
{
	char path[64], line[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Does PID have a child whose comm is COMM (i.e. that has exec'd it)? */
static int has_child_named(pid_t pid, const char *comm)
{
	char path[64], buf[4096], name[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (char *save = NULL, *w = strtok_r(buf, " \n", &save); w; w = strtok_r(NULL, " \n", &save)) {
		snprintf(path, sizeof(path), "/proc/%s/comm", w);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, name, sizeof(name) - 1);
		close(fd);
		if (n <= 0)
			continue;
		name[n] = '\0';
		name[strcspn(name, "\n")] = '\0';
		if (strncmp(name, comm, 15) == 0)
			return 1;
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int cmd_idle(struct spec *specs, int nspecs, double seconds)
{
	long vol0[MAX_SPECS], nonvol0[MAX_SPECS];
	long long t0, t1;

	for (int i = 0; i < nspecs; i++)
		specs[i].pid = start(specs[i].argv, -1);
	for (int i = 0; i < nspecs; i++) {
		struct spec *s = &specs[i];
		for (int tries = 0; !has_child_named(s->pid, child_comm); tries++) {
			if (tries == 1000) {
				fprintf(stderr, "spawn: %s: no child named %s after 10 s\n", s->label, child_comm);
				stop_all(specs, nspecs);
				return 1;
			}
			sleep_ms(10);
		}
	}
	/* Let each init finish what it does after fork() and settle into its wait. */
	sleep_ms(500);
	for (int i = 0; i < nspecs; i++) {
		vol0[i] = proc_value(specs[i].pid, "status", "voluntary_ctxt_switches");
		nonvol0[i] = proc_value(specs[i].pid, "status", "nonvoluntary_ctxt_switches");
	}
	t0 = now_ns();
	sleep_ms((long)(seconds * 1000));
	t1 = now_ns();
	for (int i = 0; i < nspecs; i++) {
		struct spec *s = &specs[i];
		long vol = proc_value(s->pid, "status", "voluntary_ctxt_switches") - vol0[i];
		long nonvol = proc_value(s->pid, "status", "nonvoluntary_ctxt_switches") - nonvol0[i];

		printf("%s %.2f %ld %ld %ld %ld %ld\n", s->label, (vol + nonvol) / ((t1 - t0) / 1e9), vol, nonvol,
		       proc_value(s->pid, "status", "VmRSS"), proc_value(s->pid, "status", "RssAnon"),
		       proc_value(s->pid, "smaps_rollup", "Private_Dirty"));
	}
	stop_all(specs, nspecs);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: spawn [-a CPU] [-w none|pidns|proc] [-n N] [-k WARMUP] [-t SECONDS] [-c COMM] [-r RAWFILE] "
			"time|reap|siglat|idle LABEL:COMMAND...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct spec specs[MAX_SPECS];
	int opt, rounds = 300, warmup = 20, nspecs;
	double seconds = 5;
	const char *mode;
	cpu_set_t cpus;

	while ((opt = getopt(argc, argv, "+a:w:n:k:t:c:r:")) != -1) {
		switch (opt) {
		case 'w':
			if (strcmp(optarg, "none") == 0)
				wrapper = W_NONE;
			else if (strcmp(optarg, "pidns") == 0)
				wrapper = W_PIDNS;
			else if (strcmp(optarg, "proc") == 0)
				wrapper = W_PROC;
			else
				usage();
			break;
		case 'n':
			rounds = atoi(optarg);
			break;
		case 'k':
			warmup = atoi(optarg);
			break;
		case 'a':
			CPU_ZERO(&cpus);
			CPU_SET(atoi(optarg), &cpus);
			/* Inherited by every process started from here on. */
			if (sched_setaffinity(0, sizeof(cpus), &cpus) < 0)
				die("sched_setaffinity");
			break;
		case 'r':
			raw = fopen(optarg, "w");
			if (raw == NULL)
				die(optarg);
			break;
		case 'c':
			child_comm = optarg;
			break;
		case 't':
			seconds = atof(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 2 || rounds < 1 || warmup < 0 || seconds <= 0)
		usage();
	mode = argv[optind++];
	nspecs = argc - optind;
	if (nspecs > MAX_SPECS)
		usage();
	for (int i = 0; i < nspecs; i++)
		parse_spec(&specs[i], argv[optind + i]);
	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		die("mmap");
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0)
		die("/dev/null");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "time") == 0)
		return cmd_time(specs, nspecs, rounds, warmup);
	if (strcmp(mode, "reap") == 0)
		return cmd_reap(specs, nspecs, rounds);
	if (strcmp(mode, "siglat") == 0)
		return cmd_siglat(specs, nspecs, rounds, warmup);
	if (strcmp(mode, "idle") == 0)
		return cmd_idle(specs, nspecs, seconds);
	usage();
	return 2;
}
