// Skipping Tesseract's universal ambiguities while an LSTM-only engine starts.
//
// `tesseract::Tesseract::init_tesseract_lang_data` calls `UnicharAmbigs::LoadUniversal` unconditionally in
// Debian's build (the legacy engine is compiled in). The function is exported and called through the PLT, so
// a definition in the executable pre-empts it. Ours does nothing while this thread is inside
// `CTesseract_initLSTM` and forwards to the library's otherwise, so any other Tesseract user in the process
// (a legacy-engine reader) gets the table as before.
#define _GNU_SOURCE
#include "CTesseract.h"
#include <dlfcn.h>
#include <stddef.h>

#define LOAD_UNIVERSAL "_ZN9tesseract13UnicharAmbigs13LoadUniversalERKNS_10UNICHARSETEPS1_"

static _Thread_local bool startingLSTMOnly = false;

// void tesseract::UnicharAmbigs::LoadUniversal(const UNICHARSET &encoder_set, UNICHARSET *unicharset);
// A member function: `self` is the implicit `this`. The references are pointers in the ABI.
void CTesseract_loadUniversal(void *self, const void *encoderSet, void *unicharset) __asm__(LOAD_UNIVERSAL);

void CTesseract_loadUniversal(void *self, const void *encoderSet, void *unicharset) {
    if (startingLSTMOnly) return;
    typedef void (*Loader)(void *, const void *, void *);
    Loader library = (Loader)dlsym(RTLD_NEXT, LOAD_UNIVERSAL);
    if (library != NULL) library(self, encoderSet, unicharset);
}

bool CTesseract_skipsUniversalAmbiguities(void) {
    return dlsym(RTLD_DEFAULT, LOAD_UNIVERSAL) == (void *)CTesseract_loadUniversal;
}

int CTesseract_initLSTM(TessBaseAPI *handle, const char *language, char **names, char **values, size_t count,
                        bool skipLegacyTables) {
    startingLSTMOnly = skipLegacyTables;
    int status = TessBaseAPIInit4(handle, NULL, language, OEM_LSTM_ONLY, NULL, 0, names, values, count, 0);
    startingLSTMOnly = false;
    return status;
}
