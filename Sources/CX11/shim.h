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
#include <X11/extensions/record.h>
#include <X11/Xproto.h>
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

/// One device event seen by XRecord: KeyPress 2, KeyRelease 3, ButtonPress 4, ButtonRelease 5, MotionNotify
/// 6; `detail` is the keycode or button; `x`, `y` on the root window; `state` the modifiers before it.
typedef struct {
    int type;
    int detail;
    int x;
    int y;
    unsigned int state;
    unsigned long time;
} CX11_RecordedEvent;

/// Where recorded events go (a Swift function with a context pointer).
typedef void (*CX11_RecordSink)(void *context, CX11_RecordedEvent event);

typedef struct {
    CX11_RecordSink sink;
    void *context;
} CX11_RecordTarget;

/// XRecord's callback: decodes the wire event (see Xproto.h) and hands it on; frees the data.
static void CX11_RecordIntercept(XPointer closure, XRecordInterceptData *data) {
    CX11_RecordTarget *target = (CX11_RecordTarget *)closure;
    if (data->category == XRecordFromServer && data->data != NULL && data->data_len >= 8) {
        xEvent *event = (xEvent *)data->data;
        CX11_RecordedEvent recorded;
        recorded.type = event->u.u.type & 0x7F;
        recorded.detail = event->u.u.detail;
        recorded.x = event->u.keyButtonPointer.rootX;
        recorded.y = event->u.keyButtonPointer.rootY;
        recorded.state = event->u.keyButtonPointer.state;
        recorded.time = event->u.keyButtonPointer.time;
        target->sink(target->context, recorded);
    }
    XRecordFreeData(data);
}

/// A context recording every client's key, button and motion events (0 when XRecord is missing).
static inline XRecordContext CX11_RecordDeviceEvents(Display *control) {
    XRecordRange *range = XRecordAllocRange();
    if (range == NULL) return 0;
    range->device_events.first = KeyPress;
    range->device_events.last = MotionNotify;
    XRecordClientSpec clients = XRecordAllClients;
    XRecordContext context = XRecordCreateContext(control, 0, &clients, 1, &range, 1);
    XFree(range);
    return context;
}

/// Starts delivering `context`'s events on the `data` connection to `target` (keep it alive until disabled);
/// `XRecordProcessReplies(data)` then calls it for whatever arrived.
static inline Status CX11_RecordEnableAsync(Display *data, XRecordContext context, CX11_RecordTarget *target) {
    return XRecordEnableContextAsync(data, context, CX11_RecordIntercept, (XPointer)target);
}

#endif
