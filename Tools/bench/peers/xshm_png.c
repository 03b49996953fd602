/*
 * xshm_png: a plain-C peer for deskpilot-bench. Captures the whole root window with XShmGetImage and
 * encodes the frame as an 8-bit RGB PNG with libpng at zlib level 1 (default filters), into memory.
 *
 *   cc -O2 -o /tmp/deskpilot-xshm-png xshm_png.c -lX11 -lXext -lpng
 *   xshm_png [-d DISPLAY] [-n SAMPLES] [-w WARMUP]
 *
 * Prints one line per timed sample: "<capture ms> <capture + PNG ms> <PNG bytes>", where both times
 * start at the same instant, so the encode alone is their difference. Warmup samples are not printed.
 * Errors go to stderr with a non-zero exit status.
 */
#define _POSIX_C_SOURCE 200809L
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>

struct buffer {
    unsigned char *data;
    size_t length;
    size_t capacity;
};

static void write_to_buffer(png_structp png, png_bytep data, png_size_t length) {
    struct buffer *buffer = png_get_io_ptr(png);
    if (buffer->length + length > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 1 << 20;
        while (buffer->length + length > capacity) capacity *= 2;
        unsigned char *grown = realloc(buffer->data, capacity);
        if (!grown) png_error(png, "out of memory");
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, data, length);
    buffer->length += length;
}

static void flush_nothing(png_structp png) { (void)png; }

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int shift_of(unsigned long mask) {
    int shift = 0;
    while (mask && !(mask & 1)) { mask >>= 1; shift++; }
    return shift;
}

/* Converts each row of the 32-bit image to RGB and hands it to libpng. */
static void write_rows(png_structp png, const XImage *image, unsigned char *row) {
    int rs = shift_of(image->red_mask), gs = shift_of(image->green_mask), bs = shift_of(image->blue_mask);
    for (int y = 0; y < image->height; y++) {
        const uint32_t *pixels = (const uint32_t *)(image->data + (size_t)y * image->bytes_per_line);
        unsigned char *rgb = row;
        for (int x = 0; x < image->width; x++) {
            uint32_t p = pixels[x];
            *rgb++ = (unsigned char)(p >> rs);
            *rgb++ = (unsigned char)(p >> gs);
            *rgb++ = (unsigned char)(p >> bs);
        }
        png_write_row(png, row);
    }
}

/* Encodes the 32-bit image as an 8-bit RGB PNG at zlib level 1 into `out`; returns 0 on success. */
static int encode_png(const XImage *image, struct buffer *out, unsigned char *row) {
    out->length = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png) return -1;
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_write_struct(&png, NULL); return -1; }
    if (setjmp(png_jmpbuf(png))) { png_destroy_write_struct(&png, &info); return -1; }
    png_set_write_fn(png, out, write_to_buffer, flush_nothing);
    png_set_compression_level(png, 1);
    png_set_IHDR(png, info, (png_uint_32)image->width, (png_uint_32)image->height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    write_rows(png, image, row);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int main(int argc, char **argv) {
    const char *name = NULL;
    int samples = 30, warmup = 2, option;
    while ((option = getopt(argc, argv, "d:n:w:")) != -1) {
        switch (option) {
        case 'd': name = optarg; break;
        case 'n': samples = atoi(optarg); break;
        case 'w': warmup = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: %s [-d DISPLAY] [-n SAMPLES] [-w WARMUP]\n", argv[0]);
            return 2;
        }
    }

    Display *display = XOpenDisplay(name);
    if (!display) {
        fprintf(stderr, "xshm_png: cannot open display %s\n", name ? name : "(DISPLAY)");
        return 1;
    }
    if (!XShmQueryExtension(display)) {
        fprintf(stderr, "xshm_png: the X server has no MIT-SHM extension\n");
        return 1;
    }
    int screen = DefaultScreen(display);
    Window root = RootWindow(display, screen);
    int width = DisplayWidth(display, screen), height = DisplayHeight(display, screen);

    XShmSegmentInfo segment = {0};
    XImage *image = XShmCreateImage(display, DefaultVisual(display, screen), DefaultDepth(display, screen),
                                    ZPixmap, NULL, &segment, width, height);
    if (!image) {
        fprintf(stderr, "xshm_png: XShmCreateImage failed\n");
        return 1;
    }
    if (image->bits_per_pixel != 32) {
        fprintf(stderr, "xshm_png: %d bits per pixel; only 32 is handled\n", image->bits_per_pixel);
        return 1;
    }
    segment.shmid = shmget(IPC_PRIVATE, (size_t)image->bytes_per_line * image->height, IPC_CREAT | 0600);
    if (segment.shmid < 0) {
        perror("xshm_png: shmget");
        return 1;
    }
    segment.shmaddr = image->data = shmat(segment.shmid, NULL, 0);
    if (segment.shmaddr == (char *)-1) {
        perror("xshm_png: shmat");
        shmctl(segment.shmid, IPC_RMID, NULL);
        return 1;
    }
    segment.readOnly = False;
    if (!XShmAttach(display, &segment)) {
        fprintf(stderr, "xshm_png: XShmAttach failed\n");
        shmctl(segment.shmid, IPC_RMID, NULL);
        return 1;
    }
    XSync(display, False);
    shmctl(segment.shmid, IPC_RMID, NULL); /* freed once both sides detach */

    struct buffer out = {0};
    unsigned char *row = malloc((size_t)width * 3);
    if (!row) return 1;
    for (int i = 0; i < warmup + samples; i++) {
        double start = now_ms();
        if (!XShmGetImage(display, root, image, 0, 0, AllPlanes)) {
            fprintf(stderr, "xshm_png: XShmGetImage failed\n");
            return 1;
        }
        double captured = now_ms();
        if (encode_png(image, &out, row) != 0) {
            fprintf(stderr, "xshm_png: PNG encoding failed\n");
            return 1;
        }
        double encoded = now_ms();
        if (i >= warmup) {
            printf("%.6f %.6f %zu\n", captured - start, encoded - start, out.length);
            fflush(stdout);
        }
    }

    XShmDetach(display, &segment);
    XSync(display, False);
    shmdt(segment.shmaddr);
    image->data = NULL;
    XDestroyImage(image);
    XCloseDisplay(display);
    free(row);
    free(out.data);
    return 0;
}
