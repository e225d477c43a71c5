/*
 * mesctl hub: this plant and the central PostgreSQL.  attach and status
 * work on the plant's file; under mesctl --hub CONNINFO, status, init,
 * plant-add, maintain and verify work on the centre (cmd_central.c).
 */
#include <stdio.h>
#include <string.h>
#include "hub.h"
#include "mesctl.h"

static int attach(struct ctl *c, int argc, char **argv)
{
	if (argc != 2)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK || ctl_login(c) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_hub_attach(c->db, argv[1]) != MES_OK)
		return ctl_fail(c, "hub attach");
	printf("attached as plant %s: every audited change now goes to the "
	       "outbox; run mes-ship to send it\n", argv[1]);
	return EXIT_OK;
}

static int state(struct ctl *c, int argc, char **argv)
{
	struct mes_hub_state st;
	struct mes_json j;

	(void)argv;
	if (argc != 1)
		return ctl_usage(c);
	if (ctl_open(c, 0) != EXIT_OK)
		return EXIT_FAIL;
	if (mes_hub_state(c->db, &st) != MES_OK)
		return ctl_fail(c, "hub status");
	if (c->json) {
		mes_json_init(&j);
		mes_json_int(&j, "attached", st.attached);
		mes_json_str(&j, "plant_id", st.plant_id);
		mes_json_int(&j, "last_seq", st.last_seq);
		mes_json_int(&j, "central_seq", st.central_seq);
		mes_json_str(&j, "central_at", st.central_at);
		mes_json_int(&j, "pending", st.pending);
		mes_json_int(&j, "stale_s", st.stale_s);
		printf("%s\n", mes_json_done(&j));
		mes_json_free(&j);
		return EXIT_OK;
	}
	if (!st.attached) {
		printf("not attached to a centre (mesctl hub attach PLANT)\n");
		return EXIT_OK;
	}
	printf("plant      %s, attached %s\n", st.plant_id, st.attached_at);
	printf("outbox     up to event %lld, %lld past the centre's mark\n",
	       st.last_seq, st.pending);
	if (!st.central_at[0])
		printf("centre     not heard from yet (is mes-ship running?)%s\n",
		       st.stale_s > MES_HUB_STALE_S ? ": ALARM, attached over 5 "
		       "minutes ago" : "");
	else
		printf("centre     holds up to %lld, as noted %s (%lld s ago)%s\n",
		       st.central_seq, st.central_at, st.stale_s,
		       st.stale_s > MES_HUB_STALE_S ? ": ALARM, the centre "
		       "has not confirmed for over 5 minutes" : "");
	return EXIT_OK;
}

/* The centre's subcommands run under mesctl --hub (cmd_central.c). */
static int at_centre(struct ctl *c, int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "mesctl: hub %s works on the centre: mesctl --hub "
	        "CONNINFO hub %s (or set MES_HUB)\n", argv[0], argv[0]);
	ctl_usage(c);
	return EXIT_USAGE;
}

static const struct subcmd subs[] = {
	{ "attach", attach, "PLANT",
	  "send this plant's audited changes to a centre, as PLANT (admin)" },
	{ "status", state, "",
	  "what this plant knows of its centre (with --hub: every plant's lag)" },
	{ "init", at_centre, "", "(--hub) create or update the central schema" },
	{ "plant-add", at_centre, "PLANT",
	  "(--hub) a plant's own role at the centre" },
	{ "maintain", at_centre, "",
	  "(--hub) the centre's months ahead, late events into theirs" },
	{ "verify", at_centre, "[PLANT]",
	  "(--hub) no event missing at the centre, every chain whole" },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd cmd_hub = {
	"hub", NULL, subs, NULL, "this plant and the central PostgreSQL",
};
