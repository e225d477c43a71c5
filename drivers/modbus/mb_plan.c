/*
 * Request planning: which reads one poll cycle makes.  Pure, so that the
 * plans can be tested without a PLC.
 *
 * Tags of one kind sorted by address are cut greedily: a request grows
 * while the next tag starts at most `gap` addresses after the request's
 * end and the whole still fits the limit.  Because tags do not overlap,
 * their ends are in the same order as their starts, so no other cut can
 * end any request later than greedy does: greedy needs the fewest.
 */
#include <stdlib.h>
#include <string.h>

#include "mb.h"

/*
 * qsort has no context argument, and a static one would not be reentrant;
 * a map is at most a few hundred tags, mostly written in order already.
 */
static void sort_order(const struct mes_mb_tag *tags, size_t *order, size_t n)
{
	size_t i, j, v;

	for (i = 1; i < n; i++) {
		v = order[i];
		for (j = i; j > 0; j--) {
			const struct mes_mb_tag *x = &tags[order[j - 1]];
			const struct mes_mb_tag *y = &tags[v];

			if (x->kind < y->kind ||
			    (x->kind == y->kind && x->addr <= y->addr))
				break;
			order[j] = order[j - 1];
		}
		order[j] = v;
	}
}

static unsigned limit_of(enum mes_mb_kind k, int max_regs, int max_bits)
{
	return (unsigned)(k == MES_MB_COIL || k == MES_MB_DISCRETE ?
	                  max_bits : max_regs);
}

int mes_mb_plan_build(const struct mes_mb_tag *tags, size_t ntags, int gap,
                      int max_regs, int max_bits, struct mes_mb_plan *plan)
{
	struct mes_mb_req *r = NULL;
	size_t i;
	unsigned end, lim;

	if (!plan)
		return MES_ERR_ARG;
	memset(plan, 0, sizeof *plan);
	if ((ntags && !tags) || gap < 0 || max_regs < 1 || max_bits < 1)
		return MES_ERR_ARG;
	if (!ntags)
		return MES_OK;
	plan->order = malloc(ntags * sizeof *plan->order);
	plan->reqs = malloc(ntags * sizeof *plan->reqs);
	if (!plan->order || !plan->reqs) {
		mes_mb_plan_free(plan);
		return MES_ERR_NOMEM;
	}
	plan->ntags = ntags;
	for (i = 0; i < ntags; i++)
		plan->order[i] = i;
	sort_order(tags, plan->order, ntags);
	for (i = 0; i < ntags; i++) {
		const struct mes_mb_tag *t = &tags[plan->order[i]];

		lim = limit_of(t->kind, max_regs, max_bits);
		if (t->len > lim) {
			mes_mb_plan_free(plan);
			return MES_ERR_ARG;
		}
		end = t->addr + t->len;         /* one past the tag */
		if (r && r->kind == t->kind &&
		    t->addr <= r->addr + r->count + (unsigned)gap &&
		    end - r->addr <= lim) {
			if (end > r->addr + r->count)
				r->count = end - r->addr;
			r->ntags++;
			continue;
		}
		r = &plan->reqs[plan->nreqs++];
		r->kind = t->kind;
		r->addr = t->addr;
		r->count = t->len;
		r->first = i;
		r->ntags = 1;
	}
	return MES_OK;
}

void mes_mb_plan_free(struct mes_mb_plan *plan)
{
	if (!plan)
		return;
	free(plan->reqs);
	free(plan->order);
	memset(plan, 0, sizeof *plan);
}
