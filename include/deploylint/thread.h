/*
 * deploylint: starting worker threads on an idle processor.
 */
#ifndef DEPLOYLINT_THREAD_H
#define DEPLOYLINT_THREAD_H

#include <pthread.h>

/*
 * Starts fn(arg) on a new thread, like pthread_create(thread, NULL, fn,
 * arg), but placed first on a processor other than the caller's:
 * processor number `nth` (0-based, modulo their count) of those the
 * process may run on, leaving out the caller's own. Once running, the
 * thread takes back the process's whole affinity mask, so the scheduler
 * may move it later as usual.
 *
 * Why: Linux puts a new thread on its creator's processor and leaves it
 * to the idle processors to pull work over; on a virtual machine whose
 * idle vCPUs sleep until their next timer tick (seen here: a 2-vCPU
 * Firecracker guest), a thread created by a busy thread waited 0.2 to 5
 * ms (median about 2 ms) before it first ran, and 0.1 ms when placed on
 * the other processor. For a run that lasts 10 ms that is the
 * difference between one processor and two.
 *
 * With a single permitted processor, or when the affinity calls fail,
 * the thread starts like a plain pthread_create. Returns 0, or the
 * error number of pthread_create (no thread was started).
 */
int dl_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg, unsigned nth);

#endif
