// OpenBLAS's CBLAS interface (Debian's libopenblas-dev; pkg-config adds the include directory).
#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <cblas.h>
#endif
