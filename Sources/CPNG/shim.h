// libpng's simplified API for Swift. Its compound format macros are not imported; they are re-exposed
// here as prefixed constants. The simplified API does its own setjmp, so no longjmp crosses Swift frames.
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H

#include <png.h>

static const png_uint_32 CPNG_FORMAT_RGBA = PNG_FORMAT_RGBA;
static const png_uint_32 CPNG_FORMAT_BGRA = PNG_FORMAT_BGRA;
static const png_uint_32 CPNG_FORMAT_RGB = PNG_FORMAT_RGB;
static const png_uint_32 CPNG_IMAGE_VERSION = PNG_IMAGE_VERSION;
static const png_uint_32 CPNG_IMAGE_FLAG_FAST = PNG_IMAGE_FLAG_FAST;

/// Whether libpng reported a failure (`PNG_IMAGE_FAILED` is a macro).
static inline int CPNG_ImageFailed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }

#endif
