/* mesctl status: the database and the plant at a glance. */
#include <stdio.h>
#include "hub.h"
#include "mesctl.h"

static void status_json(const struct mes_status *s, const char *path,
                        int sound, const char *why)
{
	struct mes_json j;

	mes_json_init(&j);
	mes_json_str(&j, "database", path);
	mes_json_int(&j, "file_bytes", s->file_bytes);
	mes_json_str(&j, "journal_mode", s->journal_mode);
	mes_json_int(&j, "schema_version", s->schema_version);
	mes_json_int(&j, "schema_latest", s->schema_latest);
	mes_json_int(&j, "users", s->users);
	mes_json_int(&j, "users_active", s->users_active);
	mes_json_int(&j, "users_locked", s->users_locked);
	mes_json_int(&j, "work_centers", s->work_centers);
	mes_json_int(&j, "items", s->items);
	mes_json_int(&j, "routing_ops", s->routing_ops);
	mes_json_int(&j, "orders", s->orders);
	mes_json_int(&j, "orders_planned", s->orders_planned);
	mes_json_int(&j, "orders_released", s->orders_released);
	mes_json_int(&j, "orders_running", s->orders_running);
	mes_json_int(&j, "orders_complete", s->orders_complete);
	mes_json_int(&j, "audit_records", s->audit_records);
	mes_json_str(&j, "audit_head", s->audit_head);
	mes_json_str(&j, "last_change", s->last_change);
	mes_json_str(&j, "integrity", sound ? "ok" : "damaged");
	if (!sound)
		mes_json_str(&j, "integrity_detail", why);
	printf("%s\n", mes_json_done(&j));
	mes_json_free(&j);
}

/* A plant attached to a centre: how far the centre is, and an alarm
 * when it has not confirmed for five minutes (events wait safely in the
 * outbox, but nobody at the centre sees this plant). */
static void hub_line(struct ctl *c)
{
	struct mes_hub_state h;

	if (mes_hub_state(c->db, &h) != MES_OK || !h.attached)
		return;
	if (h.stale_s > MES_HUB_STALE_S)
		printf("hub        ALARM: plant %s, %lld events not confirmed by "
		       "the centre for over 5 minutes (is mes-ship running?)\n",
		       h.plant_id, h.pending);
	else if (!h.central_at[0])
		printf("hub        plant %s, %lld events waiting, not confirmed "
		       "by the centre yet (mes-ship)\n", h.plant_id, h.pending);
	else
		printf("hub        plant %s, %lld events waiting, centre "
		       "confirmed %lld s ago\n", h.plant_id, h.pending,
		       h.stale_s);
}

static int status(struct ctl *c, int argc, char **argv)
{
	struct mes_status s;
	char why[1024];
	int rc, sound;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, MES_OPEN_ANY_VERSION) != EXIT_OK)
		return EXIT_FAIL;
	/* A damaged file is the first thing to say, and fails the status. */
	rc = mes_db_check(c->db, 0);
	if (rc != MES_OK && rc != MES_ERR_CORRUPT)
		return ctl_fail(c, "status");
	sound = rc == MES_OK;
	snprintf(why, sizeof why, "%s", mes_db_errmsg(c->db));
	if (!sound && !c->json)
		printf("DAMAGED    %s\n", why);
	if (mes_status_get(c->db, &s) != MES_OK) {
		if (sound)
			return ctl_fail(c, "status");
		fprintf(stderr, "mesctl: status: %s\n", mes_db_errmsg(c->db));
		return EXIT_FAIL;
	}
	if (c->json) {
		status_json(&s, mes_db_path(c->db), sound, why);
		return sound ? EXIT_OK : EXIT_FAIL;
	}
	printf("database   %s (%lld KiB, %s journal)\n", mes_db_path(c->db),
	       s.file_bytes / 1024, s.journal_mode);
	printf("schema     version %d%s\n", s.schema_version,
	       s.schema_version == s.schema_latest ? " (current)" :
	       " (older: run mesctl migrate)");
	printf("users      %lld (%lld active, %lld locked)\n", s.users,
	       s.users_active, s.users_locked);
	printf("plant      %lld work centers, %lld items, %lld routing "
	       "operations\n", s.work_centers, s.items, s.routing_ops);
	printf("orders     %lld (%lld planned, %lld released, %lld running, "
	       "%lld complete)\n", s.orders, s.orders_planned,
	       s.orders_released, s.orders_running, s.orders_complete);
	printf("audit      %lld records, last change %s\n", s.audit_records,
	       s.last_change[0] ? s.last_change : "-");
	printf("           chain head %.16s...\n", s.audit_head);
	hub_line(c);
	printf("integrity  %s\n", sound ? "ok (quick check)" :
	       "DAMAGED (see above)");
	return sound ? EXIT_OK : EXIT_FAIL;
}

const struct cmd cmd_status = {
	"status", status, NULL, "", "show the database and plant at a glance",
};
