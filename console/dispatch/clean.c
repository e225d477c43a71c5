/*
 * A changeover clean at the board: e on a queue records the clean of its
 * work center (the checklist as done, the ATP swab), then offers the
 * verification to a second person of the quality role at this terminal,
 * signed with their PIN.  The rules (the swab's limit, a second person,
 * the quality role) are core's (mes_changeover_*).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dispatch.h"
#include "food.h"

static const char *need_clean(struct ui_field *f, int n, int *bad,
                              void *ctx)
{
	(void)n;
	(void)ctx;
	if (!f[0].value[0]) {
		*bad = 0;
		return "say what the clean did";
	}
	return NULL;
}

static const char *need_signer(struct ui_field *f, int n, int *bad,
                               void *ctx)
{
	(void)n;
	(void)ctx;
	if (!f[0].value[0] || !f[1].value[0]) {
		*bad = f[0].value[0] ? 1 : 0;
		return "the verifier's login and PIN";
	}
	return NULL;
}

struct verify {
	struct disp *d;
	const char *wc;
};

static int sign_verify(struct ui_field *f, void *ctx)
{
	struct verify *v = ctx;

	return mes_changeover_verify(v->d->db, v->wc, f[0].value, f[1].value);
}

int op_clean(struct disp *d, const char *wc)
{
	struct ui_field f[2], s[2];
	struct verify v = { d, wc };
	long long id = 0;
	char title[64];
	int rc;

	memset(f, 0, sizeof f);
	f[0].label = "Checklist done";
	f[1].label = "ATP swab (RLU)";
	f[1].kind = FLD_NUMBER;
	snprintf(title, sizeof title, "Changeover clean: %s", wc);
	if (!ui_form(d->app, title, f, 2, need_clean, NULL))
		return UI_DONE;
	if (mes_changeover_record(d->db, wc, f[0].value, f[1].value[0] ?
	                          atof(f[1].value) : -1, &id) != MES_OK)
		return disp_fail(d, "clean not recorded");
	if (!ui_confirm(d->app, "Clean recorded. Verify it now (quality, "
	                "signed)? y/n")) {
		ui_msg(d->app, 0, "clean %lld of %s recorded: quality verifies it",
		       id, wc);
		return UI_DONE | UI_RELOAD;
	}
	memset(s, 0, sizeof s);
	s[0].label = "Verifier login";
	s[0].scan = 1;
	s[1].label = "Verifier PIN";
	s[1].kind = FLD_SECRET;
	rc = ui_form_signed(d->app, d->db, "Verify the clean: quality "
	                    "signature", s, 2, 1, need_signer, sign_verify, &v);
	if (rc < 0)
		return disp_fail(d, "not verified");
	if (rc == 0) {
		ui_msg(d->app, 0, "clean %lld of %s recorded, not yet verified",
		       id, wc);
		return UI_DONE | UI_RELOAD;
	}
	ui_msg(d->app, 0, "%s is clean: verified and signed", wc);
	return UI_DONE | UI_RELOAD;
}
