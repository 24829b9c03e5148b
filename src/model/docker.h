/*
 * deploylint: the model's reading of Docker services (src/model/docker.c),
 * private to the model stage: model.c calls it for every service with
 * `runtime: docker`; families read the result through
 * dl_model_service.docker (deploylint/model.h).
 */
#ifndef DEPLOYLINT_MODEL_DOCKER_H
#define DEPLOYLINT_MODEL_DOCKER_H

#include "deploylint/model.h"

/*
 * Reads what Docker service `s` of Blueprint `mb` builds and runs (see
 * struct dl_model_docker): allocated from the model's arena, never NULL.
 * Loads the Dockerfile through the repository; never fails (a missing or
 * unreadable Dockerfile leaves `dockerfile` NULL).
 */
struct dl_model_docker *dl_model_docker_read(struct dl_model *m,
					     struct dl_model_blueprint *mb,
					     const struct dl_bp_service *s);

/*
 * Reads `dockerfile` as the Dockerfile of a Docker service created in
 * Render's dashboard (no render.yaml; build context its folder, no
 * dockerCommand): allocated from the model's arena, or NULL when the file
 * cannot be read, its final stage does not build on a python image (the
 * chain of FROM <stage> back to [registry/][library/]python[:tag], global
 * ARGs substituted; an image not known statically does not count) or
 * nothing runs (no ENTRYPOINT or CMD).
 */
struct dl_model_docker *dl_model_docker_read_dashboard(struct dl_model *m,
						       struct dl_file *dockerfile);

/*
 * Walks cmd (cl, map, file and cwd set) as every deploy command is walked
 * (dl_cmd_walk through `cd` and repository scripts) and keeps the steps
 * in the model's arena (src/model/model.c).
 */
void dl_model_walk(struct dl_model *m, struct dl_deploy_cmd *cmd);

#endif
