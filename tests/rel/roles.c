/*
 * roles README.md: calls each state-changing core function as each role
 * and checks the answer against the role table in README.md, the one
 * place the rules are written down.  "Allowed" means the call got past
 * the role check (any answer but MES_ERR_PERM); a rule may still refuse
 * it.  Prints "ok - ..." / "not ok - ..." per function.
 *
 * A new core function is one line in calls[] below (its README row's
 * first words, its name, a call); a new row in the README with no line
 * here is reported as untested.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "prod.h"
#include "schedule.h"

#define NROLES 6
static const char *const role_names[NROLES] = {
	"operator", "lead", "quality", "maintenance", "receiving", "admin"
};
static const unsigned role_bits[NROLES] = {
	MES_ROLE_OPERATOR, MES_ROLE_LEAD, MES_ROLE_QUALITY,
	MES_ROLE_MAINTENANCE, MES_ROLE_RECEIVING, MES_ROLE_ADMIN
};

static char dir[256];
static int cur;                 /* the role being tried */
static long long andon_id;

static const char *path(const char *name)
{
	static char p[2][512];
	static int i;

	i ^= 1;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

/* Keys unique per role, so an allowed call never trips on the last. */
static const char *k(const char *base)
{
	static char b[4][64];
	static int i;

	i = (i + 1) % 4;
	snprintf(b[i], sizeof b[i], "%s-%s", base, role_names[cur]);
	return b[i];
}

static int c_user_list_fn(const struct mes_user_info *u, void *ctx)
{
	(void)u; (void)ctx;
	return 0;
}

static int c_audit_fn(const struct mes_audit_rec *r, void *ctx)
{
	(void)r; (void)ctx;
	return 1;
}

static int c_import(struct mes_db *db)
{
	char csv[256];
	struct mes_import_result r;
	FILE *f;
	int rc;

	snprintf(csv, sizeof csv, "wo_no,item,qty,release_date,due_date\n"
	         "%s,P1,5,2026-01-05,2026-01-09\n", k("IMP"));
	f = fmemopen(csv, strlen(csv), "r");
	rc = mes_import_orders_csv(db, f, "roles.csv", 0, NULL, &r);
	fclose(f);
	return rc;
}

static int c_export(struct mes_db *db)
{
	FILE *f = fopen("/dev/null", "w");
	int rc = mes_export_results_csv(db, "2000", f);

	fclose(f);
	return rc;
}

static int c_sign(struct mes_db *db)
{
	char hash[65];
	long long id;

	mes_sha256_hex("x", 1, hash);
	return mes_sign(db, k("u"), "4321", "review", "items", 1, 1, hash, 0,
	                &id);
}

static int c_schedule(struct mes_db *db)
{
	struct mes_schedule_opts o;
	struct mes_schedule_report r;

	mes_schedule_opts_default(&o);
	o.time_limit_ms = 0;
	o.iterations = 10;
	return mes_schedule_run(db, &o, &r);
}

static int c_andon_raise(struct mes_db *db)
{
	mes_andon_close(db, andon_id, "");   /* one open call per kind */
	return mes_andon_raise(db, "SAW", "lead", "roles", &andon_id);
}

struct call {
	const char *row;        /* the README row's first words */
	const char *name;
	int (*fn)(struct mes_db *db);
};

#define F(name, expr) \
	static int name(struct mes_db *db) { return (expr); }
F(c_passwd_own, mes_user_passwd(db, k("u"), "4321"))
F(c_user_each, mes_user_each(db, c_user_list_fn, NULL))
F(c_andon_take, mes_andon_take(db, andon_id))
F(c_andon_close, mes_andon_close(db, andon_id, "done"))
F(c_op_start, mes_op_start(db, "WO-RUN", 10, NULL))
F(c_op_pause, mes_op_pause(db, "WO-RUN", 10, "BRK"))
F(c_op_resume, mes_op_resume(db, "WO-RUN", 10))
F(c_op_report, mes_op_report(db, "WO-RUN", 10, 1, 0, NULL))
F(c_op_complete, mes_op_complete(db, "WO-DONE", 10))
F(c_labor_on, mes_labor_on(db, "WO-RUN", 10))
F(c_labor_off, mes_labor_off(db, "WO-RUN", 10))
F(c_instr_ack, mes_instruction_ack(db, "WO-RUN", 10))
F(c_override, mes_op_start_override(db, k("WO-SKL"), 10, NULL, k("u"), "4321",
                                    "roles test"))
F(c_wc_add, mes_wc_add(db, k("WC"), "Cell", 1))
F(c_item_add, mes_item_add(db, k("IT"), "Item", "ea", ""))
F(c_routing_add, mes_routing_op_add(db, "P1", 90 + cur, "SAW", 1, 1, "x"))
F(c_alt_add, mes_routing_alt_add(db, "P1", 10, "CNC", 1))
F(c_bom_add, mes_bom_add(db, "P1", k("IT2"), 1))
F(c_shift_add, mes_shift_add(db, "SAW", cur, 360, 840, "day"))
F(c_reason_add, mes_reason_add(db, k("RC"), "scrap", "Reason"))
F(c_skill_add, mes_skill_add(db, k("SK"), "Skill"))
F(c_skill_grant, mes_skill_grant(db, "victim", "WELDING", NULL))
F(c_set_skill, mes_routing_op_set_skill(db, "P1", 20, "WELDING"))
F(c_instr_set, mes_instruction_set(db, "P1", 20, "Read me", NULL))
F(c_setup_set, mes_wc_setup_set(db, "SAW", "a", "b", 5))
F(c_order_add, mes_order_add(db, k("WO"), "P1", 5, "2026-01-05",
                             "2026-01-09", 5))
F(c_release, mes_order_release(db, "WO-PLAN"))
F(c_hold, mes_order_hold(db, "WO-HOLD", "roles"))
F(c_unhold, mes_order_unhold(db, "WO-HOLD", "roles"))
F(c_close, mes_order_close(db, "WO-DONE"))
F(c_plan_move, mes_op_plan_move(db, "WO-PLAN2", 10, NULL, 60))
F(c_audit_each, mes_audit_each(db, NULL, NULL, c_audit_fn, NULL))
F(c_user_add, mes_user_add(db, k("new"), "New", MES_ROLE_OPERATOR, NULL,
                           "4321"))
F(c_disable, mes_user_set_active(db, "victim", cur % 2, "roles"))
F(c_unlock, mes_user_unlock(db, "victim"))
F(c_rename, mes_user_rename(db, "victim", "Vic Tim"))
F(c_passwd_other, mes_user_passwd(db, "victim", "5678"))
F(c_backup, mes_db_backup(db, path(k("backup.db"))))
F(c_unavailable, mes_wc_unavailable_add(db, "SAW", "2027-01-01T00:00",
                                        NULL, "breakdown", "roles"))

static const struct call calls[] = {
	{ "log in, change own PIN", "mes_user_passwd (own)", c_passwd_own },
	{ "log in, change own PIN", "mes_user_each", c_user_each },
	{ "sign a record", "mes_sign", c_sign },
	{ "raise, take and close andon", "mes_andon_raise", c_andon_raise },
	{ "raise, take and close andon", "mes_andon_take", c_andon_take },
	{ "raise, take and close andon", "mes_andon_close", c_andon_close },
	{ "raise, take and close andon", "mes_export_results_csv", c_export },
	{ "start, pause, resume", "mes_op_start", c_op_start },
	{ "start, pause, resume", "mes_op_pause", c_op_pause },
	{ "start, pause, resume", "mes_op_resume", c_op_resume },
	{ "start, pause, resume", "mes_op_report", c_op_report },
	{ "start, pause, resume", "mes_op_complete", c_op_complete },
	{ "start, pause, resume", "mes_labor_on", c_labor_on },
	{ "start, pause, resume", "mes_labor_off", c_labor_off },
	{ "start, pause, resume", "mes_instruction_ack", c_instr_ack },
	{ "sign a skill override", "mes_op_start_override (signer)",
	  c_override },
	{ "add work centers, items", "mes_wc_add", c_wc_add },
	{ "add work centers, items", "mes_item_add", c_item_add },
	{ "add work centers, items", "mes_routing_op_add", c_routing_add },
	{ "add work centers, items", "mes_routing_alt_add", c_alt_add },
	{ "add work centers, items", "mes_bom_add", c_bom_add },
	{ "add work centers, items", "mes_shift_add", c_shift_add },
	{ "add work centers, items", "mes_reason_add", c_reason_add },
	{ "add work centers, items", "mes_skill_add", c_skill_add },
	{ "add work centers, items", "mes_skill_grant", c_skill_grant },
	{ "add work centers, items", "mes_routing_op_set_skill", c_set_skill },
	{ "add work centers, items", "mes_instruction_set", c_instr_set },
	{ "add work centers, items", "mes_wc_setup_set", c_setup_set },
	{ "add, import, release", "mes_order_add", c_order_add },
	{ "add, import, release", "mes_import_orders_csv", c_import },
	{ "add, import, release", "mes_order_release", c_release },
	{ "add, import, release", "mes_order_hold", c_hold },
	{ "add, import, release", "mes_order_unhold", c_unhold },
	{ "add, import, release", "mes_order_close", c_close },
	{ "move and pin operations", "mes_op_plan_move", c_plan_move },
	{ "move and pin operations", "mes_schedule_run", c_schedule },
	{ "record a work center's breakdown", "mes_wc_unavailable_add",
	  c_unavailable },
	{ "read the audit trail", "mes_audit_each", c_audit_each },
	{ "add, disable, unlock, rename", "mes_user_add", c_user_add },
	{ "add, disable, unlock, rename", "mes_user_set_active", c_disable },
	{ "add, disable, unlock, rename", "mes_user_unlock", c_unlock },
	{ "add, disable, unlock, rename", "mes_user_rename", c_rename },
	{ "add, disable, unlock, rename", "mes_user_passwd (other)",
	  c_passwd_other },
	{ "back up the database", "mes_db_backup", c_backup },
};
#define NCALLS (sizeof calls / sizeof calls[0])

/* ---- the README's table ------------------------------------------------- */

struct row {
	char label[256];
	unsigned allowed;
	int used;
};
static struct row rows[64];
static int nrows;

static char *trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
		*--e = 0;
	return s;
}

static int read_readme(const char *file)
{
	char line[1024];
	unsigned col_role[16] = { 0 };
	int in_table = 0;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f) && nrows < 64) {
		char *cell, *save = NULL, *p = line;
		int c = 0, r;

		if (line[0] != '|') {
			in_table = 0;
			continue;
		}
		if (!in_table) {
			if (!strstr(line, "| action") || !strstr(line, "operator"))
				continue;
			for (cell = strtok_r(p, "|", &save); cell;
			     cell = strtok_r(NULL, "|", &save), c++)
				for (r = 0; r < NROLES && c < 16; r++)
					if (!strcmp(trim(cell), role_names[r]))
						col_role[c] = role_bits[r];
			in_table = 1;
			continue;
		}
		if (strncmp(line, "|--", 3) == 0)
			continue;
		for (cell = strtok_r(p, "|", &save); cell;
		     cell = strtok_r(NULL, "|", &save), c++) {
			if (c == 0)
				snprintf(rows[nrows].label,
				         sizeof rows[nrows].label, "%s",
				         trim(cell));
			else if (c < 16 && strstr(cell, "\xe2\x9c\x93"))
				rows[nrows].allowed |= col_role[c];
		}
		nrows++;
	}
	fclose(f);
	return nrows > 0 ? 0 : -1;
}

static struct row *row_for(const char *prefix)
{
	int i;

	for (i = 0; i < nrows; i++)
		if (!strncmp(rows[i].label, prefix, strlen(prefix)))
			return &rows[i];
	return NULL;
}

/* ---- the plant ---------------------------------------------------------- */

static int setup(struct mes_db **out)
{
	static const char *const seed[] = {
		"WO-RUN", "WO-DONE", "WO-PLAN", "WO-PLAN2", "WO-HOLD", NULL
	};
	struct mes_settings s;
	struct mes_db *db;
	char login[64];
	int i, rc = 0;

	mes_settings_default(&s);
	s.hash_cost = MES_HASH_FAST;
	s.idle_lock_s = 0;
	s.max_failures = 1000;
	if (mes_db_open(&db, path("roles.db"), MES_OPEN_CREATE, &s) ||
	    mes_user_bootstrap(db, "root", "Root", "9999") ||
	    mes_login_pin(db, "root", "9999"))
		goto fail;
	for (i = 0; i < NROLES; i++) {
		snprintf(login, sizeof login, "u-%s", role_names[i]);
		rc |= mes_user_add(db, login, login, role_bits[i], NULL, "4321");
	}
	rc |= mes_user_add(db, "victim", "Victim", MES_ROLE_OPERATOR, NULL,
	                   "4321");
	rc |= mes_wc_add(db, "SAW", "Saw", 1);
	rc |= mes_wc_add(db, "CNC", "Mill", 1);
	rc |= mes_item_add(db, "P1", "Part", "ea", "");
	rc |= mes_item_add(db, "P2", "Welded", "ea", "");
	rc |= mes_routing_op_add(db, "P1", 10, "SAW", 1, 1, "Cut");
	rc |= mes_routing_op_add(db, "P1", 20, "CNC", 1, 1, "Mill");
	rc |= mes_routing_op_add(db, "P2", 10, "SAW", 1, 1, "Weld");
	rc |= mes_reason_add(db, "BRK", "pause", "Break");
	rc |= mes_skill_add(db, "WELDING", "Welding");
	rc |= mes_routing_op_set_skill(db, "P2", 10, "WELDING");
	for (i = 0; seed[i]; i++)
		rc |= mes_order_add(db, seed[i], "P1", 10, "2026-01-05",
		                    "2026-12-09", 5);
	for (i = 0; seed[i]; i++)
		if (strcmp(seed[i], "WO-PLAN"))
			rc |= mes_order_release(db, seed[i]);
	/* an override succeeds once per order: one order per role */
	for (i = 0; i < NROLES; i++) {
		snprintf(login, sizeof login, "WO-SKL-%s", role_names[i]);
		rc |= mes_order_add(db, login, "P2", 10, "2026-01-05",
		                    "2026-12-09", 5);
		rc |= mes_order_release(db, login);
	}
	if (rc)
		goto fail;
	*out = db;
	return 0;
fail:
	fprintf(stderr, "roles: setting up: %s\n", mes_db_errmsg(db));
	return -1;
}

int main(int argc, char **argv)
{
	struct mes_db *db;
	char login[64];
	unsigned i;
	int r, bad = 0, cnt = 0;
	const char *base = getenv("TMPDIR");

	if (argc != 2) {
		fprintf(stderr, "usage: roles README.md\n");
		return 2;
	}
	snprintf(dir, sizeof dir, "%s/mes-roles-XXXXXX",
	         base && *base ? base : "/tmp");
	if (!mkdtemp(dir) || read_readme(argv[1]) || setup(&db)) {
		printf("not ok - roles: no role table in %s or no plant\n",
		       argv[1]);
		return 1;
	}
	for (i = 0; i < NCALLS; i++) {
		struct row *w = row_for(calls[i].row);
		char got[128] = "", want[128] = "";

		if (!w) {
			printf("not ok - %s: README.md has no row \"%s...\"\n",
			       calls[i].name, calls[i].row);
			bad++;
			continue;
		}
		w->used = 1;
		for (r = 0; r < NROLES; r++) {
			int rc, allowed;

			cur = r;
			snprintf(login, sizeof login, "u-%s", role_names[r]);
			/* an override is signed at an operator's terminal */
			mes_login_pin(db, strstr(calls[i].name, "(signer)") ?
			              "victim" : login, "4321");
			rc = calls[i].fn(db);
			allowed = rc != MES_ERR_PERM;
			if (getenv("ROLES_DEBUG"))
				fprintf(stderr, "%s as %s: %d %s\n",
				        calls[i].name, role_names[r], rc,
				        mes_db_errmsg(db));
			if (allowed)
				snprintf(got + strlen(got), sizeof got -
				         strlen(got), "%s ", role_names[r]);
			if (w->allowed & role_bits[r])
				snprintf(want + strlen(want), sizeof want -
				         strlen(want), "%s ", role_names[r]);
			cnt++;
		}
		if (strcmp(got, want)) {
			printf("not ok - %s: allowed for %s; README.md says "
			       "%s(row \"%s\")\n", calls[i].name,
			       got[0] ? got : "nobody ", want[0] ? want :
			       "nobody ", w->label);
			bad++;
		} else {
			printf("ok - %s as each role matches README.md (%s)\n",
			       calls[i].name, got[0] ? got : "nobody");
		}
	}
	for (r = 0; r < nrows; r++)
		if (!rows[r].used)
			printf("# README.md row not tested here: %s\n",
			       rows[r].label);
	printf("# %d calls as %d roles\n", cnt, NROLES);
	mes_db_close(db);
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			bad++;
	}
	return bad ? 1 : 0;
}
