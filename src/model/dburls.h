/*
 * deploylint: what src/model/model.c and src/model/dburls.c share about
 * the database part of the model (include/deploylint/model.h,
 * dl_model_db). Private to src/model/.
 */
#ifndef DEPLOYLINT_MODEL_DBURLS_H
#define DEPLOYLINT_MODEL_DBURLS_H

#include "deploylint/model.h"

/* The run's parsed document of f (the getter dl_model_build was given). */
const void *dl_model_doc(struct dl_model *m, struct dl_file *f);

/* Where the model keeps its database part (NULL until dl_model_db). */
struct dl_model_db **dl_model_db_slot(struct dl_model *m);

/* Releases what dl_model_db allocated outside the model's arena. */
void dl_model_db_free(struct dl_model_db *db);

#endif
