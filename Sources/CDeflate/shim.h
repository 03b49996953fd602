// libdeflate (Debian's libdeflate-dev): whole-buffer zlib compression, several times faster than zlib's
// deflate at the same level, and its CRC-32 for PNG chunks.
#ifndef CDEFLATE_SHIM_H
#define CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
