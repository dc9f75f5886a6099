// SPDX-License-Identifier: GPL-2.0-only
/*
 * wp_oracle's ground truth: every transition of the per-page states, and
 * the verdict on each write.  The protocol they implement, and why it is
 * exact, is described at the top of wp_oracle.c.
 */
#include <sched.h>

#include "workloads/wp_oracle/wp_oracle.h"

/*
 * Take pages, in ascending order, waiting out the owners in busy: a write
 * in flight (a sync one may be waiting for the handler), another claim.
 */
static void claim(struct wp_oracle *o, uint64_t first, uint64_t n, uint32_t busy)
{
	uint64_t p;
	uint32_t s;

	for (p = first; p < first + n; p++) {
		s = atomic_load(&o->state[p]);
		for (;;) {
			if (s & busy) {
				sched_yield();
				s = atomic_load(&o->state[p]);
			} else if (atomic_compare_exchange_weak(&o->state[p], &s,
								s | PS_CLAIMED)) {
				break;
			}
		}
	}
}

/* For the oracle, the puncher and a sabotage: a sabotaged page waits too. */
void wo_claim(struct wp_oracle *o, uint64_t first, uint64_t n)
{
	claim(o, first, n, PS_WRITING | PS_CLAIMED | PS_SABOTAGED);
}

/* The saboteur takes back the pages it sabotaged. */
void wo_claim_sabotaged(struct wp_oracle *o, uint64_t first, uint64_t n)
{
	claim(o, first, n, PS_WRITING | PS_CLAIMED);
}

/*
 * The saboteur unprotected the claimed pages behind the oracle's back: the
 * writer may write them, no one else may claim them until it is over.
 */
void wo_release_to_writes(struct wp_oracle *o, uint64_t first, uint64_t n)
{
	uint64_t p;
	uint32_t s;

	for (p = first; p < first + n; p++) {
		s = atomic_load(&o->state[p]);
		atomic_store(&o->state[p], (s | PS_SABOTAGED) & ~PS_CLAIMED);
	}
}

/*
 * The saboteur protected them again: each is PROT, as after an oracle
 * round, but async keeps DIRTY, a write the next scan must still report.
 */
void wo_release_sabotaged(struct wp_oracle *o, uint64_t first, uint64_t n)
{
	uint64_t p;
	uint32_t s;

	for (p = first; p < first + n; p++) {
		s = atomic_load(&o->state[p]);
		atomic_store(&o->state[p], PS_PROT | (s & PS_DIRTY));
	}
}

/* The oracle protected the claimed pages: PROT and nothing else. */
void wo_release_protected(struct wp_oracle *o, uint64_t first, uint64_t n)
{
	uint64_t p;

	for (p = first; p < first + n; p++) {
		atomic_store(&o->state[p], PS_PROT);
		wo_hist(o, p, EV_PROTECT);
	}
}

/* The puncher punched them: a protection they had is forgotten. */
void wo_release_punched(struct wp_oracle *o, uint64_t first, uint64_t n)
{
	uint64_t p;
	uint32_t s;

	for (p = first; p < first + n; p++) {
		s = atomic_load(&o->state[p]);
		atomic_store(&o->state[p], s & (PS_PROT | PS_PUNCHED) ? PS_PUNCHED : 0);
	}
}

/* Announce a write; -1 if the page is busy.  *before: the state it met. */
int wo_write_begin(struct wp_oracle *o, uint64_t page, uint32_t *before)
{
	uint32_t s = atomic_load(&o->state[page]);

	do {
		if (s & (PS_WRITING | PS_CLAIMED))
			return -1;
	} while (!atomic_compare_exchange_weak(&o->state[page], &s, s | PS_WRITING));
	*before = s;
	return 0;
}

/*
 * A write the kernel cannot have tracked, by construction of a self-test:
 * the first write to a protected page since it was protected, made while
 * it was sabotaged or through the unregistered mapping.  Each one is a
 * lost_wp in sync; in async one unless written again before its scan.
 */
bool wo_write_hidden(uint32_t before, bool via_alias)
{
	if ((before & (PS_PROT | PS_DIRTY)) != PS_PROT)
		return false;
	return via_alias || (before & PS_SABOTAGED);
}

/* The store has landed: judge it against the protection it met. */
void wo_write_end(struct wp_oracle *o, uint64_t page, uint32_t before)
{
	uint32_t now = atomic_load(&o->state[page]);

	/* once per protection: async, a DIRTY page lost its bit to a write */
	if ((before & (PS_PROT | PS_DIRTY)) == PS_PROT)
		wo_count(o, C_WRITES_PROT, 1);
	wo_hist(o, page, before & PS_PROT ? EV_WRITE_PROT : EV_WRITE);
	if (o->mode == WO_SYNC) {
		/* the handler sets FAULTED before it lets the store land */
		if ((before & PS_PROT) && !(now & PS_FAULTED)) {
			wo_count(o, C_LOST, 1);
			wo_hist_failure(o, page, true, "lost (no WP fault)");
		}
		atomic_fetch_and(&o->state[page],
				 ~(PS_PROT | PS_FAULTED | PS_PUNCHED | PS_WRITING));
		return;
	}
	if (before & PS_PROT)
		atomic_fetch_or(&o->state[page], PS_DIRTY);
	atomic_fetch_and(&o->state[page], ~PS_WRITING);
}

/*
 * Sync: a WP fault on page.  Returns whether to resolve it: a fault on a
 * page no writer holds is stale (the faulting thread was woken by someone
 * else) and must not unprotect a page the oracle may have protected since.
 */
bool wo_fault(struct wp_oracle *o, uint64_t page)
{
	uint32_t s = atomic_load(&o->state[page]), next;
	enum wo_count c;

	do {
		if (!(s & PS_WRITING)) {
			wo_count(o, C_STALE, 1);
			return false;
		}
		next = s;
		if (s & PS_PROT) {
			next = (s & ~PS_PROT) | PS_FAULTED;
			c = C_WP_FAULTS;
		} else if (s & PS_PUNCHED) {
			next = s & ~PS_PUNCHED;
			c = C_KEPT_PUNCH;
		} else {
			c = C_SPURIOUS;
		}
	} while (!atomic_compare_exchange_weak(&o->state[page], &s, next));
	wo_count(o, c, 1);
	wo_hist(o, page, EV_WP_FAULT);
	if (c == C_SPURIOUS)
		wo_hist_failure(o, page, false, "spurious WP fault");
	return true;
}

/* Async: the scan of a claimed page said whether it was written. */
void wo_scanned(struct wp_oracle *o, uint64_t page, bool written)
{
	uint32_t s = atomic_load(&o->state[page]);

	if (!(s & PS_PROT))
		return;		/* never protected, or forgotten by a punch */
	if (s & PS_DIRTY)
		wo_count(o, written ? C_REPORTED : C_LOST, 1);
	else if (written)
		wo_count(o, C_SPURIOUS, 1);
	if ((s & PS_DIRTY) && !written)
		wo_hist_failure(o, page, true, "lost (scan: not written)");
	else if (!(s & PS_DIRTY) && written)
		wo_hist_failure(o, page, false, "spurious (scan: written)");
}
