/*
 * The simulated machines.  Each has its own random stream from the seed,
 * so machine 3 behaves the same whether 3 or 30 machines run.  A
 * breakdown is drawn ahead of time; the temperature climbs during the
 * two minutes before it, which is what a condition monitor should catch.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

struct machine {
	uint64_t rng;
	int state, fault;
	double timer;           /* seconds left in idle, down, setup */
	double to_fault;        /* running seconds until the breakdown */
	double to_idle;
	double cycle_s, progress;
	uint32_t good, scrap, cycles;
	double energy;          /* kWh */
	double temp;            /* degrees C */
	double beat;            /* seconds, for the heartbeat */
	uint16_t heartbeat;
};

struct mes_sim {
	struct mes_sim_opts o;
	struct machine *m;
};

static const struct mes_sim_tag tags[] = {
	{ "state", MES_MB_HOLDING, 0, "hr:%u u16 role=state" },
	{ "fault", MES_MB_HOLDING, 1, "hr:%u u16 role=fault" },
	{ "good", MES_MB_HOLDING, 2, "hr:%u u32 role=good" },
	{ "scrap", MES_MB_HOLDING, 4, "hr:%u u32 role=scrap" },
	{ "cycles", MES_MB_HOLDING, 6, "hr:%u u32 role=cycles" },
	{ "energy", MES_MB_HOLDING, 8,
	  "hr:%u float32 order=cdab min=0 role=energy" },
	{ "temp", MES_MB_HOLDING, 10,
	  "hr:%u i16 scale=0.1 min=-20 max=120 role=signal" },
	{ "heartbeat", MES_MB_HOLDING, 11, "hr:%u u16 role=heartbeat" },
	{ "temp_fine", MES_MB_INPUT, 0, "ir:%u float32 min=-20 max=120" },
	{ "running", MES_MB_DISCRETE, 0, "di:%u bool" },
	{ "fault_active", MES_MB_DISCRETE, 1, "di:%u bool" },
	{ "auto", MES_MB_COIL, 0, "coil:%u bool" },
};

/* Registers per machine of each kind: coil, di, ir, hr. */
static const unsigned span[MES_MB_NKINDS] = { 1, 2, 2, 12 };

static const struct mes_sim_code states[] = {
	{ MES_SIM_RUNNING, "running" }, { MES_SIM_IDLE, "idle starved" },
	{ MES_SIM_DOWN, "down" }, { MES_SIM_SETUP, "setup" },
};

static const struct mes_sim_code faults[] = {
	{ 101, "jam at infeed" }, { 102, "motor overload" },
	{ 103, "emergency stop" }, { 104, "tool breakage" },
};

const struct mes_sim_tag *mes_sim_tags(size_t *n)
{
	*n = sizeof tags / sizeof tags[0];
	return tags;
}

const struct mes_sim_code *mes_sim_states(size_t *n)
{
	*n = sizeof states / sizeof states[0];
	return states;
}

const struct mes_sim_code *mes_sim_faults(size_t *n)
{
	*n = sizeof faults / sizeof faults[0];
	return faults;
}

/* splitmix64: small, and the same numbers on every platform. */
static uint64_t next64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(struct machine *m)
{
	return (double)(next64(&m->rng) >> 11) / 9007199254740992.0;
}

static double between(struct machine *m, double lo, double hi)
{
	return lo + (hi - lo) * uniform(m);
}

/* Exponential waiting time for a rate per hour. */
static double wait_s(struct machine *m, double per_hour)
{
	if (per_hour <= 0)
		return INFINITY;
	return -log(1.0 - uniform(m)) * 3600.0 / per_hour;
}

void mes_sim_opts_default(struct mes_sim_opts *o)
{
	memset(o, 0, sizeof *o);
	o->machines = 1;
	o->seed = 1;
	o->fault_rate = 2;
}

static void start_running(struct mes_sim *s, struct machine *m)
{
	m->state = MES_SIM_RUNNING;
	m->fault = 0;
	m->to_fault = wait_s(m, s->o.fault_rate);
	m->to_idle = wait_s(m, 3);
}

int mes_sim_new(struct mes_sim **out, const struct mes_sim_opts *o)
{
	struct mes_sim *s;
	int i;

	*out = NULL;
	if (!o || o->machines < 1 || o->machines > MES_SIM_MAX_MACHINES ||
	    o->fault_rate < 0)
		return MES_ERR_ARG;
	s = calloc(1, sizeof *s);
	if (!s || !(s->m = calloc((size_t)o->machines, sizeof *s->m))) {
		free(s);
		return MES_ERR_NOMEM;
	}
	s->o = *o;
	for (i = 0; i < o->machines; i++) {
		struct machine *m = &s->m[i];

		m->rng = o->seed * 1000003ULL + (uint64_t)i;
		m->cycle_s = 4.0 + i % 3;
		m->good = m->scrap = m->cycles = o->counter_start;
		m->temp = 30;
		m->energy = 1000.0 * (i + 1);
		start_running(s, m);
	}
	*out = s;
	return MES_OK;
}

void mes_sim_free(struct mes_sim *s)
{
	if (!s)
		return;
	free(s->m);
	free(s);
}

static double power_kw(const struct machine *m)
{
	switch (m->state) {
	case MES_SIM_RUNNING:
		return 12.0;
	case MES_SIM_SETUP:
		return 4.0;
	case MES_SIM_IDLE:
		return 2.5;
	default:
		return 0.8;
	}
}

static void run(struct mes_sim *s, struct machine *m, double dt)
{
	m->progress += dt;
	while (m->progress >= m->cycle_s) {
		m->progress -= m->cycle_s;
		m->cycles++;
		if (uniform(m) < 0.04)
			m->scrap++;
		else
			m->good++;
	}
	m->to_fault -= dt;
	m->to_idle -= dt;
	if (m->to_fault <= 0) {
		m->state = MES_SIM_DOWN;
		m->fault = faults[next64(&m->rng) % 4].code;
		m->timer = between(m, 60, 300);
	} else if (m->to_idle <= 0) {
		m->state = MES_SIM_IDLE;
		m->timer = between(m, 20, 120);
	}
	(void)s;
}

static void tick(struct mes_sim *s, struct machine *m, double dt)
{
	double target = 30;

	if (m->state == MES_SIM_RUNNING) {
		target = 45;
		if (m->to_fault < 120)
			target += (120 - m->to_fault) / 120 * 30;
		run(s, m, dt);
	} else if ((m->timer -= dt) <= 0) {
		if (m->state == MES_SIM_DOWN) {
			m->state = MES_SIM_SETUP;
			m->fault = 0;
			m->timer = between(m, 30, 90);
		} else {
			start_running(s, m);
		}
	}
	m->energy += power_kw(m) * dt / 3600.0;
	m->temp += (target - m->temp) * (dt / 60.0) + between(m, -0.2, 0.2);
	m->beat += dt;
	while (m->beat >= 1.0) {
		m->beat -= 1.0;
		m->heartbeat++;
	}
}

void mes_sim_step(struct mes_sim *s, double dt)
{
	double step;
	int i;

	if (!s || !(dt > 0))
		return;
	/* Small steps, so that a fast --speed still shows every state. */
	while (dt > 0) {
		step = dt > 0.1 ? 0.1 : dt;
		for (i = 0; i < s->o.machines; i++)
			tick(s, &s->m[i], step);
		dt -= step;
	}
}

void mes_sim_restart_counters(struct mes_sim *s)
{
	int i;

	for (i = 0; s && i < s->o.machines; i++)
		s->m[i].good = s->m[i].scrap = s->m[i].cycles = 0;
}

static void put32(uint16_t *r, uint32_t v)
{
	r[0] = (uint16_t)(v >> 16);
	r[1] = (uint16_t)v;
}

/* The image of machine m for one kind; r holds span[kind] words. */
static void image(const struct machine *m, enum mes_mb_kind kind, uint16_t *r)
{
	float f;
	uint32_t u;

	switch (kind) {
	case MES_MB_COIL:
		r[0] = 1;
		return;
	case MES_MB_DISCRETE:
		r[0] = m->state == MES_SIM_RUNNING;
		r[1] = m->fault != 0;
		return;
	case MES_MB_INPUT:
		f = (float)m->temp;
		memcpy(&u, &f, sizeof u);
		put32(r, u);
		return;
	case MES_MB_HOLDING:
		r[0] = (uint16_t)m->state;
		r[1] = (uint16_t)m->fault;
		put32(r + 2, m->good);
		put32(r + 4, m->scrap);
		put32(r + 6, m->cycles);
		f = (float)m->energy;
		memcpy(&u, &f, sizeof u);
		/* cdab, as many energy meters send it */
		r[8] = (uint16_t)u;
		r[9] = (uint16_t)(u >> 16);
		r[10] = (uint16_t)(int16_t)lrint(m->temp * 10);
		r[11] = m->heartbeat;
		return;
	}
}

int mes_sim_read(const struct mes_sim *s, enum mes_mb_kind kind, unsigned addr,
                 unsigned count, uint16_t *out)
{
	uint16_t img[16];
	unsigned i, a, mi, off;
	int have = -1;

	if (!s || (unsigned)kind >= MES_MB_NKINDS)
		return 1;
	for (i = 0; i < count; i++) {
		a = addr + i;
		mi = a / MES_SIM_STRIDE;
		off = a % MES_SIM_STRIDE;
		if (mi >= (unsigned)s->o.machines || off >= span[kind])
			return 2;
		if (have != (int)mi) {
			image(&s->m[mi], kind, img);
			have = (int)mi;
		}
		out[i] = img[off];
	}
	return 0;
}
