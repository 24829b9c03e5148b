/*
 * deploylint: the keyword pre-filter of the secret scan, an Aho-Corasick
 * automaton (Aho and Corasick 1975) over ASCII-folded bytes, compiled to a
 * DFA on byte classes so that the scan loop is one table load per byte.
 */
#include <stdlib.h>
#include <string.h>

#include "secrets/internal.h"

void
ac_build(struct ac_automaton *ac, const char *const *keywords, size_t n)
{
	size_t total = 1, i, j, head = 0, tail = 0;
	int *go, *fail;
	unsigned *queue;
	size_t **outs, *outs_nr, *outs_alloc, nout = 0;
	unsigned c, ncls = 1, s;

	memset(ac, 0, sizeof(*ac));
	/* byte classes: one per distinct keyword byte, both cases together */
	for (i = 0; i < n; i++)
		for (j = 0; keywords[i][j]; j++) {
			unsigned char b = (unsigned char)dl_tolower((unsigned char)keywords[i][j]);
			if (!ac->cls[b]) {
				ac->cls[b] = (uint8_t)ncls;
				if (b >= 'a' && b <= 'z')
					ac->cls[b - 'a' + 'A'] = (uint8_t)ncls;
				ncls++;
				if (ncls > 255)
					abort(); /* keywords are a small ASCII set */
			}
		}
	ac->nclasses = ncls;
	for (i = 0; i < n; i++) {
		total = dl_st_add(total, strlen(keywords[i]));
		if (strlen(keywords[i]) > ac->maxlen)
			ac->maxlen = strlen(keywords[i]);
	}

	/* the trie */
	go = dl_xmalloc(dl_st_mult(dl_st_mult(total, ncls), sizeof(*go)));
	for (i = 0; i < total * ncls; i++)
		go[i] = -1;
	fail = dl_xcalloc(total, sizeof(*fail));
	outs = dl_xcalloc(total, sizeof(*outs));
	outs_nr = dl_xcalloc(total, sizeof(*outs_nr));
	outs_alloc = dl_xcalloc(total, sizeof(*outs_alloc));
	ac->nstates = 1;
	for (i = 0; i < n; i++) {
		s = 0;
		for (j = 0; keywords[i][j]; j++) {
			c = ac->cls[(unsigned char)keywords[i][j]];
			if (go[s * ncls + c] < 0)
				go[s * ncls + c] = (int)ac->nstates++;
			s = (unsigned)go[s * ncls + c];
		}
		DL_ALLOC_GROW(outs[s], outs_nr[s] + 1, outs_alloc[s]);
		outs[s][outs_nr[s]++] = i;
	}

	/* failure links and the full transition table, breadth first */
	ac->delta = dl_xmalloc(dl_st_mult(dl_st_mult(ac->nstates, ncls),
					  sizeof(*ac->delta)));
	queue = dl_xmalloc(dl_st_mult(ac->nstates, sizeof(*queue)));
	for (c = 0; c < ncls; c++) {
		int t = go[c];
		if (t > 0) {
			fail[t] = 0;
			queue[tail++] = (unsigned)t;
		}
	}
	while (head < tail) {
		unsigned r = queue[head++];
		/* a state ends its own keywords and those of its failure state */
		for (i = 0; i < outs_nr[fail[r]]; i++) {
			DL_ALLOC_GROW(outs[r], outs_nr[r] + 1, outs_alloc[r]);
			outs[r][outs_nr[r]++] = outs[fail[r]][i];
		}
		for (c = 0; c < ncls; c++) {
			int t = go[r * ncls + c];
			if (t < 0)
				continue;
			s = (unsigned)fail[r];
			while (s && go[s * ncls + c] < 0)
				s = (unsigned)fail[s];
			fail[t] = go[s * ncls + c] >= 0 && (unsigned)go[s * ncls + c] != (unsigned)t
					  ? go[s * ncls + c]
					  : 0;
			queue[tail++] = (unsigned)t;
		}
	}
	/* delta in breadth-first order: a state's failure state comes first */
	for (c = 0; c < ncls; c++)
		go[c] = go[c] < 0 ? 0 : go[c];
	for (i = 0; i < tail; i++) {
		unsigned r = queue[i];
		for (c = 0; c < ncls; c++)
			if (go[r * ncls + c] < 0)
				go[r * ncls + c] = go[(unsigned)fail[r] * ncls + c];
	}
	for (s = 0; s < ac->nstates; s++)
		for (c = 0; c < ncls; c++) {
			unsigned t = (unsigned)go[s * ncls + c];
			ac->delta[s * ncls + c] = (uint32_t)(t * ncls) |
						  (outs_nr[t] ? AC_MATCH_BIT : 0);
		}

	{
		/* by raw byte, numbered again (see internal.h): one load per
		 * byte and no masking in the hot loop */
		unsigned a = 0, b = 0, m = 1, *num = dl_xmalloc(dl_st_mult(ac->nstates, sizeof(*num)));
		size_t x;
		for (s = 0; s < ac->nstates; s++)
			if (outs_nr[s])
				b++;
			else
				a++;
		while (m < a || m < b)
			m <<= 1;
		if (m <= 0x8000u) {
			unsigned na = 0, nb = 0;
			for (s = 0; s < ac->nstates; s++)
				num[s] = outs_nr[s] ? m + nb++ : na++;
			ac->match16 = m;
			ac->delta16 = dl_xmalloc(dl_st_mult((size_t)m + b, 256 * sizeof(*ac->delta16)));
			ac->state16 = dl_xcalloc((size_t)m + b, sizeof(*ac->state16));
			for (s = 0; s < ac->nstates; s++) {
				ac->state16[num[s]] = s;
				for (x = 0; x < 256; x++)
					ac->delta16[(size_t)num[s] << 8 | x] =
						(uint16_t)num[go[s * ncls + ac->cls[x]]];
			}
		}
		free(num);
	}

	/* flatten the output lists */
	ac->out_start = dl_xcalloc(ac->nstates + 1, sizeof(*ac->out_start));
	for (s = 0; s < ac->nstates; s++)
		nout += outs_nr[s];
	ac->out_list = dl_xmalloc(dl_st_mult(nout ? nout : 1, sizeof(*ac->out_list)));
	nout = 0;
	for (s = 0; s < ac->nstates; s++) {
		ac->out_start[s] = (uint32_t)nout;
		for (i = 0; i < outs_nr[s]; i++)
			ac->out_list[nout++] = (uint32_t)outs[s][i];
		free(outs[s]);
	}
	ac->out_start[ac->nstates] = (uint32_t)nout;
	free(outs);
	free(outs_nr);
	free(outs_alloc);
	free(queue);
	free(fail);
	free(go);
}

void
ac_release(struct ac_automaton *ac)
{
	free(ac->delta);
	free(ac->delta16);
	free(ac->state16);
	free(ac->out_start);
	free(ac->out_list);
	memset(ac, 0, sizeof(*ac));
}
