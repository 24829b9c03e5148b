/*
 * deploylint: dl_thread_start (see include/deploylint/thread.h).
 */
#define _GNU_SOURCE /* cpu_set_t, sched_getcpu, pthread_*affinity_np */ /* NOLINT(bugprone-reserved-identifier): glibc's feature-test macro */
#include "deploylint/thread.h"

#include <sched.h>
#include <stdlib.h>

#include "deploylint/util.h"

struct start {
	void *(*fn)(void *);
	void *arg;
	cpu_set_t all; /* the process's mask, taken back once running */
	int restore;
};

static void *
trampoline(void *p)
{
	struct start s = *(struct start *)p;

	free(p);
	if (s.restore)
		(void)pthread_setaffinity_np(pthread_self(), sizeof(s.all), &s.all);
	return s.fn(s.arg);
}

int
dl_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, unsigned nth)
{
	struct start *s = dl_xcalloc(1, sizeof(*s));
	pthread_attr_t attr;
	cpu_set_t other;
	int me = sched_getcpu(), cpu, others = 0, err;

	s->fn = fn;
	s->arg = arg;
	CPU_ZERO(&other);
	if (me >= 0 && sched_getaffinity(0, sizeof(s->all), &s->all) == 0) {
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			others += cpu != me && CPU_ISSET(cpu, &s->all);
		if (others > 0) {
			unsigned k = nth % (unsigned)others;
			for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
				if (cpu != me && CPU_ISSET(cpu, &s->all) && k-- == 0) {
					CPU_SET(cpu, &other);
					break;
				}
		}
	}
	if (CPU_COUNT(&other) && pthread_attr_init(&attr) == 0) {
		s->restore = pthread_attr_setaffinity_np(&attr, sizeof(other), &other) == 0;
		err = s->restore ? pthread_create(thread, &attr, trampoline, s) : -1;
		pthread_attr_destroy(&attr);
		if (err == 0)
			return 0;
		s->restore = 0; /* placing failed: start it the plain way */
	}
	err = pthread_create(thread, NULL, trampoline, s);
	if (err)
		free(s);
	return err;
}
