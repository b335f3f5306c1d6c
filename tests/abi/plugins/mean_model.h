/* A tiny regression model shared by the plugins that test struct growth: predicts the
 * (weighted) mean of the training targets. Real enough that a test can check the numbers. */
#ifndef ABI_TEST_MEAN_MODEL_H
#define ABI_TEST_MEAN_MODEL_H

#include <ams/ams.h>

#include <stdlib.h>

typedef struct mean_model {
  double mean;
  int fitted;
} mean_model;

static void* mean_create(ams_context* ctx) {
  (void)ctx;
  return calloc(1, sizeof(mean_model));
}

static void mean_destroy(void* self) { free(self); }

static int64_t mean_row(const ams_dataset* d, int64_t i) { return d->row_index ? d->row_index[i] : i; }

static ams_status mean_fit(void* self, const ams_dataset* train, const ams_dataset* valid) {
  mean_model* m = (mean_model*)self;
  const double* y = (const double*)train->y.data;
  double sum = 0, weights = 0;
  int64_t i;
  (void)valid;
  for (i = 0; i < train->n_rows; ++i) {
    int64_t r = mean_row(train, i);
    double w = train->sample_weight ? train->sample_weight[r] : 1.0;
    sum += w * y[r];
    weights += w;
  }
  if (weights <= 0) return AMS_ERR_INVALID;
  m->mean = sum / weights;
  m->fitted = 1;
  return AMS_OK;
}

static ams_status mean_predict(void* self, const ams_dataset* data, ams_tensor* out) {
  mean_model* m = (mean_model*)self;
  double* p = (double*)out->data;
  int64_t i;
  if (!m->fitted) return AMS_ERR_INVALID;
  for (i = 0; i < data->n_rows; ++i) p[i] = m->mean;
  return AMS_OK;
}

#endif
