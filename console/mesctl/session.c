/* Configuration, opening the database, and who is running mesctl. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "mesctl.h"
#include "ui/settings.h"
#include "ui/ui.h"

static void warn_cb(const char *msg, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "mesctl: warning: %s\n", msg);
}

int ctl_config(struct ctl *c)
{
	char err[1024];

	if (ui_load_settings(c->config_opt, &c->set, c->config_path,
	                     sizeof c->config_path, warn_cb, NULL, err,
	                     sizeof err) != MES_OK) {
		fprintf(stderr, "mesctl: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int ctl_fail(struct ctl *c, const char *what)
{
	fprintf(stderr, "mesctl: %s: %s\n", what, mes_db_errmsg(c->db));
	return EXIT_FAIL;
}

int ctl_num(const char *opt, const char *s, double min, double max,
            double *out)
{
	char err[160];

	if (mes_parse_num(s, min, max, out, err, sizeof err) == MES_OK)
		return 0;
	fprintf(stderr, "mesctl: %s: %s\n", opt, err);
	return -1;
}

int ctl_int(const char *opt, const char *s, long long min, long long max,
            long long *out)
{
	char err[160];

	if (mes_parse_int(s, min, max, out, err, sizeof err) == MES_OK)
		return 0;
	fprintf(stderr, "mesctl: %s: %s\n", opt, err);
	return -1;
}

int ctl_open(struct ctl *c, unsigned flags)
{
	const char *path = c->db_opt ? c->db_opt : c->set.db_path;
	char where[128];

	if (mes_db_open(&c->db, path, flags, &c->set) != MES_OK) {
		fprintf(stderr, "mesctl: %s\n", mes_db_errmsg(c->db));
		mes_db_close(c->db);
		c->db = NULL;
		return EXIT_FAIL;
	}
	ui_terminal_name(where, sizeof where);
	mes_terminal_set(c->db, where);
	return EXIT_OK;
}

/* One line from fd with echo off when it is a terminal. */
static int read_secret(int fd, const char *prompt, char *buf, size_t n)
{
	struct termios old, quiet;
	int tty = isatty(fd), ok;
	size_t len = 0;
	char ch;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(fd, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	while ((ok = (int)read(fd, &ch, 1)) == 1 && ch != '\n')
		if (len + 1 < n && ch != '\r')
			buf[len++] = ch;
	buf[len] = 0;
	if (tty) {
		tcsetattr(fd, TCSAFLUSH, &old);
		fprintf(stderr, "\n");
	}
	return ok < 0 || (ok == 0 && len == 0) ? -1 : 0;
}

int ctl_new_pin(const char *prompt, char *pin, size_t n)
{
	char again[128];

	if (read_secret(0, prompt, pin, n) != 0) {
		fprintf(stderr, "mesctl: no PIN given (type it, or give it "
		        "as one line on standard input)\n");
		return EXIT_FAIL;
	}
	if (!isatty(0))
		return EXIT_OK;
	if (read_secret(0, "Again: ", again, sizeof again) != 0 ||
	    strcmp(again, pin) != 0) {
		fprintf(stderr, "mesctl: the two PINs differ; nothing changed\n");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int caller_pin(struct ctl *c, char *pin, size_t n)
{
	const char *env = getenv("MES_PIN");
	char prompt[128];
	int fd, rc;

	if (env) {
		snprintf(pin, n, "%s", env);
		return 0;
	}
	fd = open("/dev/tty", O_RDWR | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr, "mesctl: --user %s needs a PIN: set MES_PIN or"
		        " run from a terminal\n", c->user_opt);
		return -1;
	}
	snprintf(prompt, sizeof prompt, "PIN for %s: ", c->user_opt);
	rc = read_secret(fd, prompt, pin, n);
	close(fd);
	return rc;
}

int ctl_login(struct ctl *c)
{
	struct passwd *pw;
	char pin[128];
	int rc;

	if (c->user_opt && *c->user_opt) {
		if (caller_pin(c, pin, sizeof pin) != 0)
			return EXIT_FAIL;
		rc = mes_login_pin(c->db, c->user_opt, pin);
		memset(pin, 0, sizeof pin);
		return rc == MES_OK ? EXIT_OK : ctl_fail(c, "log-in");
	}
	pw = getpwuid(geteuid());
	if (!pw) {
		fprintf(stderr, "mesctl: who are you? (uid %d has no account "
		        "name); give --user\n", (int)geteuid());
		return EXIT_FAIL;
	}
	rc = mes_login_unix(c->db, pw->pw_name);
	return rc == MES_OK ? EXIT_OK : ctl_fail(c, "log-in");
}

int ctl_sign_pin(const char *cmd, char *pin, size_t n)
{
	const char *env = getenv("MES_SIGN_PIN");
	size_t len;

	if (env) {
		snprintf(pin, n, "%s", env);
		return 0;
	}
	if (!fgets(pin, (int)n, stdin)) {
		fprintf(stderr, "mesctl: %s: the signer's PIN is needed: set "
		        "MES_SIGN_PIN or give it on standard input\n", cmd);
		return -1;
	}
	len = strlen(pin);
	while (len && (pin[len - 1] == '\n' || pin[len - 1] == '\r'))
		pin[--len] = 0;
	return 0;
}
