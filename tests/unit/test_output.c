/* test_output: colour only on a TTY, never with NO_COLOR set or TERM=dumb; the progress line. */
#include "config.h"

#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <stdbool.h>
#include <unistd.h>

#include "cli/output.h"
#include "testlib.h"

/* The slave side of a new pseudo-terminal, or -1 when there is none. */
static int open_pty(int *master)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), s;
	char *name;
	if (m < 0)
		return -1;
	if (grantpt(m) != 0 || unlockpt(m) != 0 || !(name = ptsname(m)) ||
	    (s = open(name, O_RDWR | O_NOCTTY)) < 0) {
		close(m);
		return -1;
	}
	*master = m;
	return s;
}

/* nw_output_init() with fd 1 (or 2) replaced by fd, then the original restored. */
static bool init_with(int target, int fd)
{
	int saved;
	bool on;
	fflush(stdout);
	saved = dup(target);
	dup2(fd, target);
	nw_output_init();
	on = nw_color_enabled();
	dup2(saved, target);
	close(saved);
	return on;
}

static bool progress_with(int fd)
{
	int saved = dup(STDERR_FILENO);
	bool on;
	dup2(fd, STDERR_FILENO);
	on = nw_progress_wanted();
	dup2(saved, STDERR_FILENO);
	close(saved);
	return on;
}

static void test_forced(void)
{
	nw_color_force(true);
	CHECK(nw_color_enabled());
	CHECK_STR(nw_color(NW_RED), "\033[31m");
	CHECK_STR(nw_color(NW_GREEN), "\033[32m");
	CHECK_STR(nw_color(NW_YELLOW), "\033[33m");
	CHECK_STR(nw_color(NW_BLUE), "\033[34m");
	CHECK_STR(nw_color(NW_CYAN), "\033[36m");
	CHECK_STR(nw_color(NW_BOLD), "\033[1m");
	CHECK_STR(nw_color(NW_DIM), "\033[2m");
	CHECK_STR(nw_color(NW_RESET), "\033[0m");
	CHECK_STR(nw_color((enum nw_color)99), "");
	nw_color_force(false);
	CHECK(!nw_color_enabled());
	CHECK_STR(nw_color(NW_RED), "");
	CHECK_STR(nw_color(NW_RESET), "");
}

static void test_env(void)
{
	int pipefd[2], master = -1, tty;

	/* Not a terminal: never colour, whatever the environment says. */
	if (pipe(pipefd) != 0) {
		CHECK(!"pipe");
		return;
	}
	unsetenv("NO_COLOR");
	setenv("TERM", "xterm", 1);
	CHECK(!init_with(STDOUT_FILENO, pipefd[1]));
	CHECK(!progress_with(pipefd[1]));

	tty = open_pty(&master);
	if (tty < 0) {
		printf("test_output: no pseudo-terminal; TTY checks skipped\n");
	} else {
		CHECK(init_with(STDOUT_FILENO, tty));
		CHECK_STR(nw_color(NW_RED), "\033[31m");
		setenv("NO_COLOR", "", 1); /* present but empty: no effect (no-color.org) */
		CHECK(init_with(STDOUT_FILENO, tty));
		setenv("NO_COLOR", "1", 1);
		CHECK(!init_with(STDOUT_FILENO, tty));
		CHECK_STR(nw_color(NW_RED), "");
		setenv("NO_COLOR", "0", 1); /* any non-empty value */
		CHECK(!init_with(STDOUT_FILENO, tty));
		unsetenv("NO_COLOR");
		setenv("TERM", "dumb", 1);
		CHECK(!init_with(STDOUT_FILENO, tty));
		setenv("TERM", "xterm-256color", 1);
		CHECK(init_with(STDOUT_FILENO, tty));
		/* Only stdout decides colour; stderr decides progress. */
		CHECK(!init_with(STDOUT_FILENO, pipefd[1]));
		CHECK(progress_with(tty));
		close(tty);
		close(master);
	}
	close(pipefd[0]);
	close(pipefd[1]);
	nw_color_force(false);
}

/* The progress line through a pseudo-terminal: drawn, rate-limited, erased. */
static void test_progress_line(void)
{
	int master = -1, tty = open_pty(&master), saved;
	struct nw_progress p = {0}, off = {0};
	char got[256];
	ssize_t n;

	if (tty < 0)
		return;
	saved = dup(STDERR_FILENO);
	dup2(tty, STDERR_FILENO);
	nw_progress_show(&p, 1000000000, "a %d", 1); /* drawn */
	nw_progress_show(&p, 1050000000, "b %d", 2); /* 50 ms later: skipped */
	nw_progress_show(&p, 1150000000, "c %d", 3); /* 150 ms: drawn */
	nw_progress_clear(&p);			     /* erased */
	nw_progress_clear(&p);			     /* nothing shown: nothing written */
	off.tty = -1;				     /* told it is not a terminal */
	nw_progress_show(&off, 2000000000, "never");
	dup2(saved, STDERR_FILENO);
	close(saved);
	/* Each write reaches the master on its own, a little later (the pty's
	 * flush is asynchronous): read until the whole line or a second passes. */
	size_t len = 0;
	const char *want = "\r\033[Ka 1\r\033[Kc 3\r\033[K";
	struct pollfd pfd = {master, POLLIN, 0};
	while (len < strlen(want) && poll(&pfd, 1, 1000) == 1 &&
	       (n = read(master, got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = '\0';
	CHECK_STR(got, want);
	close(tty);
	close(master);
}

int main(void)
{
	test_forced();
	test_env();
	test_progress_line();
	return nw_test_result("test_output");
}
