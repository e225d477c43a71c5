/* mes.ini as a file: syntax, quoting, duplicates, unknown keys, case,
 * walking sections and keys, values by type, load errors, where it is
 * found, and never a word on stderr. */
#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>
#include "inifix.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc/mes"
#endif

static void test_duplicates(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("duplicate key: error with both line numbers");
	T_CHECK_RC(settings_of("[auth]\nmax_failures = 3\n# c\n"
	                       "max_failures = 4\n", &s, &w), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:4: duplicate key \"max_failures\" in "
	            "[auth] (first set on line 2)");
	T_CHECK(s.max_failures == 5);

	T_CASE("duplicate across a reopened section and by case");
	T_CHECK_RC(load_only("[auth]\nhash_cost = fast\n[database]\n"
	                     "path = /x\n[AUTH]\nHash_Cost = moderate\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:6: duplicate key \"hash_cost\" in [auth]");
	T_CHECK_HAS(err, "first set on line 2");

	T_CASE("the first duplicate in the file is the one reported");
	T_CHECK_RC(load_only("[b]\nz = 1\ny = 1\n[a]\nx = 1\nx = 2\n"
	                     "[b]\nz = 3\nx = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:6: duplicate key \"x\" in [a]");

	T_CASE("same key in two sections is not a duplicate");
	T_CHECK_RC(load_only("[plc a]\nhost = 1\n[plc b]\nhost = 2\n"),
	           MES_OK);
}

static void test_long_lines(void)
{
	char text[2200];
	size_t n;

	T_CASE("line of 1022 bytes is accepted");
	n = (size_t)snprintf(text, sizeof text, "[ui]\nk = ");
	memset(text + n, 'x', 1022 - 4);
	snprintf(text + n + 1018, sizeof text - n - 1018, "\nz = 1\n");
	T_CHECK_RC(load_only(text), MES_OK);

	T_CASE("line of 1023 bytes: error with its line number");
	n = (size_t)snprintf(text, sizeof text, "[ui]\n# c\nk = ");
	memset(text + n, 'x', 1023 - 4);
	snprintf(text + n + 1019, sizeof text - n - 1019, "\nz = 1\n");
	T_CHECK_RC(load_only(text), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:3: line is longer than 1022 bytes");

	T_CASE("line of 2000 bytes, and a long last line without newline");
	n = (size_t)snprintf(text, sizeof text, "[ui]\nk = ");
	memset(text + n, 'x', 2000);
	text[n + 2000] = '\0';
	T_CHECK_RC(load_only(text), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: line is longer than 1022 bytes");
}

static void test_syntax(void)
{
	char bytes[] = "[ui]\nk = a\0b\n";

	T_CASE("syntax error names the line");
	T_CHECK_RC(load_only("[auth]\nmax_failures = 3\nnoequals\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "syntax error");
	T_CHECK_HAS(err, "mes.ini (3)");
	T_CHECK(!strchr(err, '\n'));

	T_CASE("a comment after a section header is a syntax error");
	T_CHECK_RC(load_only("[auth] ; the auth section\nmax_failures = 3\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "(1)");
	T_CHECK_RC(load_only("[auth]\n= 3\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "(2)");

	T_CASE("continuation lines are refused, even after a comment");
	T_CHECK_RC(load_only("[auth]\n# see C:\\\nmax_failures = 3\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: line ends with a backslash");
	T_CHECK_RC(load_only("[ui]\nk = a \\  \n  b\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2:");

	T_CASE("key before any section, bad section names, NUL byte");
	T_CHECK_RC(load_only("# top\nmax_failures = 3\n[auth]\n"),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: key before the first [section]");
	T_CHECK_RC(load_only("[auth]\n[a:b]\nk = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:2: section name \"a:b\" contains ':'");
	T_CHECK_RC(load_only("[ ]\nk = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:1: empty section name");
	T_CHECK_RC(load_only("[a]]\nk = 1\n"), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "mes.ini:1:");
	put_bytes("nul.ini", bytes, sizeof bytes - 1);
	{
		struct mes_ini *ini;

		T_CHECK_RC(mes_ini_load(tp("nul.ini"), &ini, err, sizeof err),
		           MES_ERR_CONFIG);
		T_CHECK(ini == NULL);
		T_CHECK_HAS(err, "nul.ini:2: contains a NUL byte");
	}

	T_CASE("CRLF line ends are fine");
	{
		struct mes_settings s;
		struct warns w;

		T_CHECK_RC(settings_of("[auth]\r\nmax_failures = 7\r\n", &s,
		                       &w), MES_OK);
		T_CHECK(s.max_failures == 7);
	}
}

static void test_quoting(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("quoted value keeps # and ;");
	T_CHECK_RC(settings_of("[database]\npath = \"/srv/a#1;b.db\" # c\n",
	                       &s, &w), MES_OK);
	T_CHECK_STR(s.db_path, "/srv/a#1;b.db");

	T_CASE("unquoted # and ; start a comment (the documented trap)");
	T_CHECK_RC(settings_of("[database]\npath = /srv/a#1.db\n", &s, &w),
	           MES_OK);
	T_CHECK_STR(s.db_path, "/srv/a");
	T_CHECK_RC(settings_of("[auth]\nmax_failures = 4 ; four\n", &s, &w),
	           MES_OK);
	T_CHECK(s.max_failures == 4);

	T_CASE("control bytes in a value are not echoed");
	T_CHECK_RC(settings_of("[auth]\nmax_failures = \"\033[2J\"\n", &s,
	                       &w), MES_ERR_CONFIG);
	T_CHECK(!strchr(err, '\033'));
	T_CHECK_HAS(err, "= \"?[2J\"");
}

static void test_unknown(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("unknown key in [auth]: a warning, not an error");
	T_CHECK_RC(settings_of("[auth]\nmax_failure = 3\nmax_failures = 4\n",
	                       &s, &w), MES_OK);
	T_CHECK(w.n == 1);
	T_CHECK_HAS(w.all, "mes.ini: [auth] max_failure: unknown key");
	T_CHECK(s.max_failures == 4);

	T_CASE("unknown section: a warning, not an error");
	T_CHECK_RC(settings_of("[databse]\npath = /x\n", &s, &w), MES_OK);
	T_CHECK(w.n == 1);
	T_CHECK_HAS(w.all, "mes.ini: [databse]: unknown section");
	T_CHECK_STR(s.db_path, "/var/lib/mes/plant.db");

	T_CASE("later modules' sections and [plc line1] do not warn");
	T_CHECK_RC(settings_of("[plc line1]\nhost = 10.0.0.5\n"
	                       "[PLC Line2]\nport = 502\n"
	                       "[plc.press3]\nunit = 1\n"
	                       "[keys.board]\nq = quit\n"
	                       "[ui]\nline_graphics = auto\n[scanner]\n"
	                       "[scan]\n[collect]\n[quality]\n[maint]\n"
	                       "[dispatch]\n[schedule]\n[exchange]\n",
	                       &s, &w), MES_OK);
	T_CHECK(w.n == 0);

	T_CASE("a bare prefix is not a section of its own");
	T_CHECK_RC(settings_of("[plc]\nhost = 1\n[plc.]\n", &s, &w), MES_OK);
	T_CHECK(w.n == 2);
	T_CHECK_HAS(w.all, "[plc]: unknown section");
	T_CHECK_HAS(w.all, "[plc.]: unknown section");

	T_CASE("warn may be NULL");
	{
		struct mes_ini *ini;

		put("w.ini", "[nope]\nx = 1\n[auth]\ny = 2\n");
		T_CHECK_RC(mes_ini_load(tp("w.ini"), &ini, err, sizeof err),
		           MES_OK);
		T_CHECK_RC(mes_config_settings(ini, &s, NULL, NULL, err,
		                               sizeof err), MES_OK);
		mes_ini_free(ini);
	}
}

static void test_case_folding(void)
{
	struct mes_settings s;
	struct warns w;

	T_CASE("keys and sections match without case");
	T_CHECK_RC(settings_of("[AUTH]\nMax_Failures = 7\n"
	                       "HASH_COST = Fast\n[Database]\n"
	                       "Path = /Srv/Plant.db\n", &s, &w), MES_OK);
	T_CHECK(s.max_failures == 7);
	T_CHECK(s.hash_cost == MES_HASH_FAST);
	/* Values keep their case. */
	T_CHECK_STR(s.db_path, "/Srv/Plant.db");
	T_CHECK(w.n == 0);
}

static struct mes_ini *load_acc(void)
{
	struct mes_ini *ini;

	put("acc.ini", "[ui]\ncolour = Green\nratio = 1.5\nbig = 2e3\n"
	    "neg = -0.25\nbad1 = inf\nbad2 = nan\nbad3 = 0x1p3\n"
	    "bad4 = 1,5\nbad5 = .\nn = -12\n[Plc Line1]\nhost = h\n"
	    "Port = 502\n");
	T_CHECK_RC(mes_ini_load(tp("acc.ini"), &ini, err, sizeof err), MES_OK);
	return ini;
}

static void test_walk(void)
{
	struct mes_ini *ini = load_acc();

	if (!ini)
		return;
	T_CASE("paths, sections and keys in file order");
	T_CHECK_STR(mes_ini_path(ini), tp("acc.ini"));
	T_CHECK(mes_ini_nsections(ini) == 2);
	T_CHECK_STR(mes_ini_section(ini, 0), "ui");
	T_CHECK_STR(mes_ini_section(ini, 1), "plc line1");
	T_CHECK(mes_ini_section(ini, 2) == NULL);
	T_CHECK(mes_ini_section(ini, -1) == NULL);
	T_CHECK(mes_ini_nkeys(ini, "PLC LINE1") == 2);
	T_CHECK_STR(mes_ini_key(ini, "plc line1", 0), "host");
	T_CHECK_STR(mes_ini_key(ini, "Plc Line1", 1), "port");
	T_CHECK(mes_ini_key(ini, "plc line1", 2) == NULL);
	T_CHECK(mes_ini_nkeys(ini, "absent") == 0);
	T_CHECK(mes_ini_key(ini, "absent", 0) == NULL);

	T_CASE("strings; a section name is not a value");
	T_CHECK_STR(mes_ini_str(ini, "UI", "COLOUR"), "Green");
	T_CHECK(mes_ini_str(ini, "ui", "absent") == NULL);
	T_CHECK(mes_ini_str(ini, "plc line1", "") == NULL);
	T_CHECK(mes_ini_str(NULL, "ui", "colour") == NULL);
	{
		char huge[3000];

		memset(huge, 'a', sizeof huge - 1);
		huge[sizeof huge - 1] = '\0';
		T_CHECK(mes_ini_str(ini, huge, "k") == NULL);
		T_CHECK(mes_ini_nkeys(ini, huge) == 0);
		T_CHECK(mes_ini_key(ini, huge, 0) == NULL);
	}
	mes_ini_free(ini);
}

static void test_values(void)
{
	static const char *const colours[] = { "red", "green", NULL };
	struct mes_ini *ini = load_acc();
	long l;
	double d;
	int i;

	if (!ini)
		return;
	T_CASE("int and double accessors");
	T_CHECK_RC(mes_ini_int(ini, "ui", "n", -100, 100, 7, &l, err,
	                       sizeof err), MES_OK);
	T_CHECK(l == -12);
	T_CHECK_RC(mes_ini_int(ini, "ui", "absent", 0, 1, 7, &l, err,
	                       sizeof err), MES_OK);
	T_CHECK(l == 7);
	T_CHECK_RC(mes_ini_double(ini, "ui", "ratio", 0, 10, 0, &d, err,
	                          sizeof err), MES_OK);
	T_CHECK(d == 1.5);
	T_CHECK_RC(mes_ini_double(ini, "ui", "big", 0, 1e4, 0, &d, err,
	                          sizeof err), MES_OK);
	T_CHECK(d == 2000.0);
	T_CHECK_RC(mes_ini_double(ini, "ui", "neg", -1, 1, 0, &d, err,
	                          sizeof err), MES_OK);
	T_CHECK(d == -0.25);
	T_CHECK_RC(mes_ini_double(ini, "ui", "ratio", 2, 10, 3, &d, err,
	                          sizeof err), MES_ERR_CONFIG);
	T_CHECK(d == 3);
	T_CHECK_HAS(err, "acc.ini: [ui] ratio = \"1.5\": expected a number "
	            "from 2 to 10");
	for (i = 1; i <= 5; i++) {
		char key[16];

		snprintf(key, sizeof key, "bad%d", i);
		T_CHECK_RC(mes_ini_double(ini, "ui", key, -1e9, 1e9, 0, &d,
		                          err, sizeof err), MES_ERR_CONFIG);
		T_CHECK_HAS(err, key);
	}

	T_CASE("decimal point is '.' whatever the locale");
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") ||
	    setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		T_CHECK_RC(mes_ini_double(ini, "ui", "ratio", 0, 10, 0, &d,
		                          err, sizeof err), MES_OK);
		T_CHECK(d == 1.5);
		T_CHECK_RC(mes_ini_double(ini, "ui", "bad4", 0, 10, 0, &d,
		                          err, sizeof err), MES_ERR_CONFIG);
		setlocale(LC_NUMERIC, "C");
	}

	T_CASE("enum accessor, without case");
	T_CHECK_RC(mes_ini_enum(ini, "ui", "colour", colours, 0, &i, err,
	                        sizeof err), MES_OK);
	T_CHECK(i == 1);
	T_CHECK_RC(mes_ini_enum(ini, "ui", "absent", colours, 1, &i, err,
	                        sizeof err), MES_OK);
	T_CHECK(i == 1);
	mes_ini_free(ini);
}

static void test_load_errors(void)
{
	struct mes_ini *ini = (struct mes_ini *)1;

	T_CASE("loading a missing file or a directory fails");
	T_CHECK_RC(mes_ini_load(tp("absent.ini"), &ini, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK(ini == NULL);
	T_CHECK_HAS(err, "absent.ini: No such file or directory");
	T_CHECK_RC(mes_ini_load(tmpdir, &ini, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "not a regular file");
	T_CHECK_RC(mes_ini_load("", &ini, err, sizeof err), MES_ERR_ARG);
	T_CHECK_RC(mes_ini_load(NULL, &ini, err, sizeof err), MES_ERR_ARG);
	mes_ini_free(NULL);
}

static int chdir_tmp(void)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY);

	if (fd < 0 || chdir(tmpdir) != 0) {
		perror("chdir");
		exit(2);
	}
	return fd;
}

static void test_find(void)
{
	char out[512], sys[512];
	struct stat st;
	int here;

	T_CASE("explicit path wins and must exist");
	put("explicit.ini", "[auth]\n");
	put("env.ini", "[auth]\n");
	setenv("MES_CONFIG", tp("env.ini"), 1);
	T_CHECK_RC(mes_config_find(tp("explicit.ini"), out, sizeof out, err,
	                           sizeof err), MES_OK);
	T_CHECK_STR(out, tp("explicit.ini"));
	T_CHECK_RC(mes_config_find(tp("gone.ini"), out, sizeof out, err,
	                           sizeof err), MES_ERR_CONFIG);
	T_CHECK_HAS(err, "gone.ini: No such file or directory");
	T_CHECK_STR(out, "");
	T_CHECK_RC(mes_config_find("", out, sizeof out, err, sizeof err),
	           MES_ERR_CONFIG);

	T_CASE("$MES_CONFIG next, and it must exist");
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_OK);
	T_CHECK_STR(out, tp("env.ini"));
	setenv("MES_CONFIG", tp("gone.ini"), 1);
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_ERR_CONFIG);
	T_CHECK_HAS(err, "$MES_CONFIG: ");
	T_CHECK_HAS(err, "gone.ini: No such file or directory");

	T_CASE("then ./mes.ini, then " SYSCONFDIR "/mes.ini, else none");
	setenv("MES_CONFIG", "", 1);
	here = chdir_tmp();
	put("mes.ini", "[auth]\n");
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_OK);
	T_CHECK_STR(out, "mes.ini");
	unsetenv("MES_CONFIG");
	unlink("mes.ini");
	snprintf(sys, sizeof sys, "%s", SYSCONFDIR "/mes.ini");
	if (stat(sys, &st) != 0)
		sys[0] = '\0';
	T_CHECK_RC(mes_config_find(NULL, out, sizeof out, err, sizeof err),
	           MES_OK);
	T_CHECK_STR(out, sys);
	if (fchdir(here) != 0)
		perror("fchdir");
	close(here);

	T_CASE("an out buffer too small is an error");
	T_CHECK_RC(mes_config_find(tp("explicit.ini"), out, 4, err,
	                           sizeof err), MES_ERR_ARG);
}

static int quiet_rc[6];

static void load_broken_files(void)
{
	struct mes_ini *ini;
	struct mes_settings s;
	int i = 0;

	put("b1.ini", "[auth]\nno equals sign\n");
	put("b2.ini", "[auth]\nmax_failures = 1\nmax_failures = 2\n");
	put("b3.ini", "[auth]\nmax_failures = lots\n");
	quiet_rc[i++] = mes_ini_load(tp("b1.ini"), &ini, err, sizeof err);
	quiet_rc[i++] = mes_ini_load(tp("b2.ini"), &ini, err, sizeof err);
	quiet_rc[i++] = mes_ini_load(tp("gone.ini"), &ini, err, sizeof err);
	quiet_rc[i++] = mes_ini_load(tp("b3.ini"), &ini, err, sizeof err);
	if (quiet_rc[i - 1] == MES_OK) {
		quiet_rc[i++] = mes_config_settings(ini, &s, NULL, NULL, err,
		                                    sizeof err);
		mes_ini_free(ini);
	}
}

static void test_stderr_quiet(void)
{
	struct stat st;
	int fd, saved;

	T_CASE("a broken file writes nothing to stderr");
	fflush(stderr);
	fd = open(tp("stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	saved = dup(2);
	if (fd < 0 || saved < 0 || dup2(fd, 2) < 0) {
		perror("dup2");
		exit(2);
	}
	close(fd);
	load_broken_files();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	T_CHECK(quiet_rc[0] == MES_ERR_CONFIG);
	T_CHECK(quiet_rc[1] == MES_ERR_CONFIG);
	T_CHECK(quiet_rc[2] == MES_ERR_CONFIG);
	T_CHECK(quiet_rc[3] == MES_OK && quiet_rc[4] == MES_ERR_CONFIG);
	T_CHECK(stat(tp("stderr.txt"), &st) == 0 && st.st_size == 0);
}

int main(void)
{
	ini_setup();
	test_duplicates();
	test_long_lines();
	test_syntax();
	test_quoting();
	test_unknown();
	test_case_folding();
	test_walk();
	test_values();
	test_load_errors();
	test_find();
	test_stderr_quiet();
	ini_cleanup();
	return t_report("test_ini");
}
