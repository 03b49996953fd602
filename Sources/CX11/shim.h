// Xlib, MIT-SHM and XTest for Swift. Function-like macros and variadic functions that Swift cannot
// import are re-exposed here as `CX11_`-prefixed static inline functions.
#ifndef CX11_SHIM_H
#define CX11_SHIM_H

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/Xatom.h>
#include <X11/keysym.h>
#include <X11/XKBlib.h>
#include <X11/extensions/XShm.h>
#include <X11/extensions/XTest.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <fcntl.h>

/// `XDestroyImage` is a macro over the image's own destroy function.
static inline int CX11_DestroyImage(XImage *image) { return XDestroyImage(image); }

/// `XGetPixel` is a macro over the image's own accessor.
static inline unsigned long CX11_GetPixel(XImage *image, int x, int y) { return XGetPixel(image, x, y); }

/// `XCreateIC` is variadic: create an input context with no preedit or status area for one window.
static inline XIC CX11_CreateSimpleIC(XIM im, Window window) {
    return XCreateIC(im, XNInputStyle, XIMPreeditNothing | XIMStatusNothing,
                     XNClientWindow, window, XNFocusWindow, window, (char *)NULL);
}

/// The connection's file descriptor (`ConnectionNumber` is a macro).
static inline int CX11_ConnectionNumber(Display *display) { return XConnectionNumber(display); }


/// A pipe whose both ends are close-on-exec from the start (glibc declares `pipe2` only under _GNU_SOURCE),
/// so no process spawned concurrently inherits them.
extern int pipe2(int pipefd[2], int flags);
static inline int CX11_PipeCloseOnExec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

#endif
