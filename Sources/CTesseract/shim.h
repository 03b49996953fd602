// Tesseract's C API (Debian's libtesseract-dev) and the Leptonica image type it takes.
#ifndef CTESSERACT_SHIM_H
#define CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#endif
