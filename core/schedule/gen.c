/*
 * A plant-sized instance: what the scheduler meets in a real MES rather
 * than on the academic benchmarks.  Orders route through departments of
 * alternative work centers, which work two shifts (some three) on weekdays
 * with planned maintenance, and carry release dates, due dates, weights
 * and an item family that drives setups.  A few operations are running at
 * the start and therefore frozen.  Seeded, so figures can be compared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sched_int.h"

#define DAY 1440LL
#define WEEKS 26
#define DEPT_SIZE 5

void mes_sched_gen_default(struct mes_sched_gen *g)
{
	memset(g, 0, sizeof *g);
	g->orders = 2000;
	g->ops_per_order = 8;
	g->centers = 60;
	g->families = 6;
	g->seed = 1;
}

static unsigned long long gen_next(unsigned long long *s)
{
	unsigned long long z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static long long uni(unsigned long long *s, long long lo, long long hi)
{
	return lo + (long long)(gen_next(s) % (unsigned long long)(hi - lo + 1));
}

static int gen_centers(struct mes_sched_model *m,
                       const struct mes_sched_gen *g, unsigned long long *s)
{
	char name[16];
	int k, d, a, b, rc = MES_OK;

	for (k = 0; k < g->centers && !rc; k++) {
		int three = uni(s, 0, 3) == 0;

		snprintf(name, sizeof name, "WC%02d", k + 1);
		rc = mes_sched_machine_add(m, name, NULL);
		for (d = 0; d < WEEKS * 7 && !rc; d++) {
			if (d % 7 >= 5)
				continue;
			rc = three ? mes_sched_machine_add_work(m, k, d * DAY,
			                                        (d + 1) * DAY)
			           : mes_sched_machine_add_work(m, k,
			                                        d * DAY + 360,
			                                        d * DAY + 1320);
		}
		for (d = 0; d < 2 && !rc; d++) {
			long long t = uni(s, 1, 6 * 7) * DAY + uni(s, 0, 20) * 60;

			rc = mes_sched_machine_add_off(m, k, t, t + 240);
		}
		for (a = 0; a < g->families && !rc; a++)
			for (b = 0; b < g->families && !rc; b++)
				if (a != b)
					rc = mes_sched_setup_set(m, k, a, b,
					                         uni(s, 10, 40));
	}
	return rc;
}

/* One operation in department dept: 1 to 3 of its centers. */
static int gen_op(struct mes_sched_model *m, const struct mes_sched_gen *g,
                  unsigned long long *s, int job, long long *work)
{
	int ndept = g->centers / DEPT_SIZE, dept, first, n, i, op, rc;
	long long base = uni(s, 20, 180), pmin = -1;

	if (ndept < 1)
		ndept = 1;
	dept = (int)uni(s, 0, ndept - 1);
	first = (int)uni(s, 0, DEPT_SIZE - 1);
	n = (int)uni(s, 1, 3);
	rc = mes_sched_op_add(m, job, &op);
	for (i = 0; i < n && !rc; i++) {
		int k = (dept * DEPT_SIZE + (first + i) % DEPT_SIZE) % g->centers;
		long long p = base * uni(s, 80, 130) / 100;

		rc = mes_sched_op_alt(m, op, k, p);
		if (pmin < 0 || p < pmin)
			pmin = p;
	}
	if (!rc && base > 150)
		rc = mes_sched_op_set_split(m, op, 1);
	*work += pmin;
	return rc;
}

static int gen_orders(struct mes_sched_model *m,
                      const struct mes_sched_gen *g, unsigned long long *s)
{
	int j, i, rc = MES_OK;

	for (j = 0; j < g->orders && !rc; j++) {
		long long rel = uni(s, 0, 42) * DAY, work = 0, u;
		int job, w = (int)uni(s, 1, 10);

		rc = mes_sched_job_add(m, rel, 0, w <= 7 ? 1.0 : w <= 9 ? 2.0 : 4.0,
		                       (int)uni(s, 0, g->families - 1), &job);
		for (i = 0; i < g->ops_per_order && !rc; i++)
			rc = gen_op(m, g, s, job, &work);
		if (rc)
			break;
		u = uni(s, 3, 12);
		/* Lead time: a multiple of the work, as quoted to a customer. */
		m->job[job].due = rel + work * 3 + u * DAY;
	}
	return rc;
}

/* The first operation of some early orders is running at 06:00 on day 0. */
static int gen_frozen(struct mes_sched_model *m, const struct mes_sched_gen *g)
{
	int j, frozen = 0, rc = MES_OK;
	char *used = calloc((size_t)g->centers + 1, 1);

	if (!used)
		return MES_ERR_NOMEM;
	for (j = 0; j < m->n_job && frozen < g->centers / 3 && !rc; j++) {
		int o = m->job[j].first, k;

		if (m->job[j].release != 0 || o < 0)
			continue;
		k = m->op[o].alt[0].machine;
		if (used[k])
			continue;
		used[k] = 1;
		frozen++;
		rc = mes_sched_op_freeze(m, o, k, 360);
	}
	free(used);
	return rc;
}

int mes_sched_gen_plant(const struct mes_sched_gen *g,
                        struct mes_sched_model **out)
{
	unsigned long long s = g->seed * 0x9E3779B97F4A7C15ULL + 7;
	int rc;

	*out = NULL;
	if (g->orders < 1 || g->ops_per_order < 1 || g->centers < 1 ||
	    g->families < 1 || g->families > 64)
		return MES_ERR_ARG;
	rc = mes_sched_model_new(out);
	if (rc)
		return rc;
	rc = gen_centers(*out, g, &s);
	if (!rc)
		rc = gen_orders(*out, g, &s);
	if (!rc)
		rc = gen_frozen(*out, g);
	if (rc) {
		mes_sched_model_free(*out);
		*out = NULL;
	}
	return rc;
}
