// Tesseract's C API (Debian's libtesseract-dev), plus a start-up that skips work only the legacy engine needs.
#ifndef CTESSERACT_H
#define CTESSERACT_H
#include <stdbool.h>
#include <tesseract/capi.h>

/// Like `TessBaseAPIInit4` with `OEM_LSTM_ONLY` and no config files; with `skipLegacyTables`, without loading
/// Tesseract's built-in "universal" character ambiguities, when `CTesseract_skipsUniversalAmbiguities()` says
/// that is possible.
///
/// Tesseract 5 parses that table (a few thousand lines compiled into the library) on every start, whatever
/// the engine mode; only the legacy classifier's dictionary consults it. It is three quarters of a start.
int CTesseract_initLSTM(TessBaseAPI *handle, const char *language, char **names, char **values, size_t count,
                        bool skipLegacyTables);

/// Whether the table loader in effect is this module's (it is when the program is linked the usual way:
/// an executable's definition pre-empts the library's, which calls the loader through its PLT).
bool CTesseract_skipsUniversalAmbiguities(void);
#endif
