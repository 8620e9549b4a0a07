#include "photo_codec.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

static void copy_message(char *message, size_t message_size, const char *text) {
    if (message == NULL || message_size == 0) return;
    snprintf(message, message_size, "%s", text);
}

// MARK: - JPEG

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    int truncated;
    char text[JMSG_LENGTH_MAX];
} jpeg_failure;

static void jpeg_fail(j_common_ptr info) {
    jpeg_failure *failure = (jpeg_failure *)info->err;
    (*info->err->format_message)(info, failure->text);
    longjmp(failure->jump, 1);
}

// Warnings are not printed; a premature end of the data is remembered, since the decoder would
// otherwise fill the missing part of the picture with grey.
static void jpeg_note(j_common_ptr info, int level) {
    jpeg_failure *failure = (jpeg_failure *)info->err;
    if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) failure->truncated = 1;
}

static void jpeg_silence(j_common_ptr info) { (void)info; }

static void prepare_failure(jpeg_failure *failure) {
    memset(failure, 0, sizeof(*failure));
    jpeg_std_error(&failure->manager);
    failure->manager.error_exit = jpeg_fail;
    failure->manager.emit_message = jpeg_note;
    failure->manager.output_message = jpeg_silence;
}

int hw_jpeg_dimensions(const uint8_t *data, size_t size, int *width, int *height, char *message, size_t message_size) {
    struct jpeg_decompress_struct info;
    jpeg_failure failure;
    prepare_failure(&failure);
    info.err = &failure.manager;
    if (setjmp(failure.jump)) {
        copy_message(message, message_size, failure.text);
        jpeg_destroy_decompress(&info);
        return HW_ERROR_DECODE;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    *width = (int)info.image_width;
    *height = (int)info.image_height;
    jpeg_destroy_decompress(&info);
    return HW_OK;
}

int hw_jpeg_decode(const uint8_t *data, size_t size, int scale_denominator, hw_image *image, char *message, size_t message_size) {
    struct jpeg_decompress_struct info;
    jpeg_failure failure;
    // volatile: these change between setjmp and a possible longjmp.
    uint8_t *volatile pixels = NULL;
    JSAMPLE *volatile row = NULL;
    prepare_failure(&failure);
    info.err = &failure.manager;
    if (setjmp(failure.jump)) {
        copy_message(message, message_size, failure.text);
        jpeg_destroy_decompress(&info);
        free(pixels);
        free(row);
        return HW_ERROR_DECODE;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    int cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    info.scale_num = 1;
    info.scale_denom = (unsigned int)(scale_denominator == 2 || scale_denominator == 4 || scale_denominator == 8 ? scale_denominator : 1);
    jpeg_start_decompress(&info);
    size_t width = info.output_width, height = info.output_height;
    size_t components = (size_t)info.output_components;
    pixels = malloc(width * height * 3);
    row = malloc(width * components);
    if (pixels == NULL || row == NULL) {
        copy_message(message, message_size, "out of memory");
        jpeg_destroy_decompress(&info);
        free(pixels);
        free(row);
        return HW_ERROR_MEMORY;
    }
    while (info.output_scanline < info.output_height) {
        size_t y = info.output_scanline;
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&info, rows, 1);
        uint8_t *target = pixels + y * width * 3;
        if (cmyk) {
            // Adobe writes CMYK inverted; the usual case for photos saved as CMYK.
            int inverted = info.saw_Adobe_marker;
            for (size_t x = 0; x < width; x++) {
                unsigned c = row[x * 4], m = row[x * 4 + 1], yy = row[x * 4 + 2], k = row[x * 4 + 3];
                if (!inverted) { c = 255 - c; m = 255 - m; yy = 255 - yy; k = 255 - k; }
                target[x * 3] = (uint8_t)(c * k / 255);
                target[x * 3 + 1] = (uint8_t)(m * k / 255);
                target[x * 3 + 2] = (uint8_t)(yy * k / 255);
            }
        } else {
            memcpy(target, row, width * 3);
        }
    }
    jpeg_finish_decompress(&info);
    int truncated = failure.truncated;
    jpeg_destroy_decompress(&info);
    free(row);
    if (truncated) {
        free(pixels);
        copy_message(message, message_size, "the file ends before the picture does");
        return HW_ERROR_TRUNCATED;
    }
    image->pixels = pixels;
    image->width = (int)width;
    image->height = (int)height;
    image->channels = 3;
    return HW_OK;
}

int hw_jpeg_encode(const hw_image *image, int quality, int progressive, uint8_t **output, size_t *output_size, char *message,
                   size_t message_size) {
    if (image->channels != 3) {
        copy_message(message, message_size, "JPEG needs RGB pixels");
        return HW_ERROR_ENCODE;
    }
    struct jpeg_compress_struct info;
    jpeg_failure failure;
    // volatile: libjpeg sets it between setjmp and a possible longjmp.
    unsigned char *volatile buffer = NULL;
    unsigned long buffer_size = 0;
    prepare_failure(&failure);
    info.err = &failure.manager;
    if (setjmp(failure.jump)) {
        copy_message(message, message_size, failure.text);
        jpeg_destroy_compress(&info);
        free(buffer);
        return HW_ERROR_ENCODE;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, (unsigned char **)&buffer, &buffer_size);
    info.image_width = (JDIMENSION)image->width;
    info.image_height = (JDIMENSION)image->height;
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    if (progressive) jpeg_simple_progression(&info);
    info.optimize_coding = TRUE;
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW rows[1] = {image->pixels + (size_t)info.next_scanline * (size_t)image->width * 3};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *output = buffer;
    *output_size = (size_t)buffer_size;
    return HW_OK;
}

// MARK: - PNG (libpng's simplified API reports errors without setjmp in the caller)

// Reads a PNG's header into `png`; on failure the message is copied and `png` released.
static int begin_png(png_image *png, const uint8_t *data, size_t size, char *message, size_t message_size) {
    memset(png, 0, sizeof(*png));
    png->version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(png, data, size)) {
        copy_message(message, message_size, png->message);
        png_image_free(png);
        return HW_ERROR_DECODE;
    }
    return HW_OK;
}

int hw_png_dimensions(const uint8_t *data, size_t size, int *width, int *height, int *has_alpha, char *message, size_t message_size) {
    png_image png;
    if (begin_png(&png, data, size, message, message_size) != HW_OK) return HW_ERROR_DECODE;
    *width = (int)png.width;
    *height = (int)png.height;
    *has_alpha = (png.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    png_image_free(&png);
    return HW_OK;
}

int hw_png_decode(const uint8_t *data, size_t size, hw_image *image, char *message, size_t message_size) {
    png_image png;
    if (begin_png(&png, data, size, message, message_size) != HW_OK) return HW_ERROR_DECODE;
    int alpha = (png.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    png.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
    size_t bytes = PNG_IMAGE_SIZE(png);
    uint8_t *pixels = malloc(bytes);
    if (pixels == NULL) {
        copy_message(message, message_size, "out of memory");
        png_image_free(&png);
        return HW_ERROR_MEMORY;
    }
    if (!png_image_finish_read(&png, NULL, pixels, 0, NULL)) {
        copy_message(message, message_size, png.message);
        png_image_free(&png);
        free(pixels);
        return HW_ERROR_DECODE;
    }
    image->pixels = pixels;
    image->width = (int)png.width;
    image->height = (int)png.height;
    image->channels = alpha ? 4 : 3;
    png_image_free(&png);
    return HW_OK;
}

int hw_png_encode(const hw_image *image, uint8_t **output, size_t *output_size, char *message, size_t message_size) {
    png_image png;
    memset(&png, 0, sizeof(png));
    png.version = PNG_IMAGE_VERSION;
    png.width = (png_uint_32)image->width;
    png.height = (png_uint_32)image->height;
    png.format = image->channels == 4 ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&png, NULL, &size, 0, image->pixels, 0, NULL)) {
        copy_message(message, message_size, png.message);
        return HW_ERROR_ENCODE;
    }
    uint8_t *buffer = malloc(size);
    if (buffer == NULL) {
        copy_message(message, message_size, "out of memory");
        return HW_ERROR_MEMORY;
    }
    if (!png_image_write_to_memory(&png, buffer, &size, 0, image->pixels, 0, NULL)) {
        copy_message(message, message_size, png.message);
        free(buffer);
        return HW_ERROR_ENCODE;
    }
    *output = buffer;
    *output_size = (size_t)size;
    return HW_OK;
}

// MARK: - Pixels

int hw_image_orient(hw_image *image, int orientation) {
    if (orientation < 2 || orientation > 8) return HW_OK;
    size_t w = (size_t)image->width, h = (size_t)image->height, c = (size_t)image->channels;
    int swaps = orientation >= 5;
    size_t out_w = swaps ? h : w, out_h = swaps ? w : h;
    uint8_t *out = malloc(w * h * c);
    if (out == NULL) return HW_ERROR_MEMORY;
    for (size_t y = 0; y < h; y++) {
        for (size_t x = 0; x < w; x++) {
            size_t dx, dy;
            switch (orientation) {
            case 2: dx = w - 1 - x; dy = y; break;                  // mirrored
            case 3: dx = w - 1 - x; dy = h - 1 - y; break;          // upside down
            case 4: dx = x; dy = h - 1 - y; break;                  // mirrored, upside down
            case 5: dx = y; dy = x; break;                          // transposed
            case 6: dx = h - 1 - y; dy = x; break;                  // turned right
            case 7: dx = h - 1 - y; dy = w - 1 - x; break;          // transversed
            default: dx = y; dy = w - 1 - x; break;                 // 8: turned left
            }
            memcpy(out + (dy * out_w + dx) * c, image->pixels + (y * w + x) * c, c);
        }
    }
    free(image->pixels);
    image->pixels = out;
    image->width = (int)out_w;
    image->height = (int)out_h;
    return HW_OK;
}

int hw_image_fit(hw_image *image, int longest_side) {
    size_t w = (size_t)image->width, h = (size_t)image->height, c = (size_t)image->channels;
    size_t longest = w > h ? w : h;
    if (longest_side <= 0 || longest <= (size_t)longest_side) return HW_OK;
    size_t out_w = w * (size_t)longest_side / longest, out_h = h * (size_t)longest_side / longest;
    if (out_w < 1) out_w = 1;
    if (out_h < 1) out_h = 1;
    uint8_t *out = malloc(out_w * out_h * c);
    if (out == NULL) return HW_ERROR_MEMORY;
    for (size_t oy = 0; oy < out_h; oy++) {
        size_t y0 = oy * h / out_h, y1 = (oy + 1) * h / out_h;
        if (y1 <= y0) y1 = y0 + 1;
        for (size_t ox = 0; ox < out_w; ox++) {
            size_t x0 = ox * w / out_w, x1 = (ox + 1) * w / out_w;
            if (x1 <= x0) x1 = x0 + 1;
            unsigned long sums[4] = {0, 0, 0, 0};
            for (size_t y = y0; y < y1; y++) {
                const uint8_t *source = image->pixels + (y * w + x0) * c;
                for (size_t x = x0; x < x1; x++, source += c) {
                    for (size_t k = 0; k < c; k++) sums[k] += source[k];
                }
            }
            unsigned long count = (unsigned long)((y1 - y0) * (x1 - x0));
            uint8_t *target = out + (oy * out_w + ox) * c;
            for (size_t k = 0; k < c; k++) target[k] = (uint8_t)((sums[k] + count / 2) / count);
        }
    }
    free(image->pixels);
    image->pixels = out;
    image->width = (int)out_w;
    image->height = (int)out_h;
    return HW_OK;
}

int hw_image_enlarge(hw_image *image, int longest_side) {
    size_t w = (size_t)image->width, h = (size_t)image->height, c = (size_t)image->channels;
    size_t longest = w > h ? w : h;
    if (longest_side <= 0 || longest == 0 || longest >= (size_t)longest_side) return HW_OK;
    size_t out_w = w * (size_t)longest_side / longest, out_h = h * (size_t)longest_side / longest;
    if (out_w < 1) out_w = 1;
    if (out_h < 1) out_h = 1;
    uint8_t *out = malloc(out_w * out_h * c);
    if (out == NULL) return HW_ERROR_MEMORY;
    for (size_t oy = 0; oy < out_h; oy++) {
        // Source position of the destination pixel's centre, in 1/256ths of a pixel.
        long sy = (long)(((2 * oy + 1) * h * 128) / out_h) - 128;
        if (sy < 0) sy = 0;
        size_t y0 = (size_t)(sy >> 8), y1 = y0 + 1 < h ? y0 + 1 : y0;
        unsigned long fy = (unsigned long)(sy & 255);
        for (size_t ox = 0; ox < out_w; ox++) {
            long sx = (long)(((2 * ox + 1) * w * 128) / out_w) - 128;
            if (sx < 0) sx = 0;
            size_t x0 = (size_t)(sx >> 8), x1 = x0 + 1 < w ? x0 + 1 : x0;
            unsigned long fx = (unsigned long)(sx & 255);
            const uint8_t *a = image->pixels + (y0 * w + x0) * c, *b = image->pixels + (y0 * w + x1) * c;
            const uint8_t *d = image->pixels + (y1 * w + x0) * c, *e = image->pixels + (y1 * w + x1) * c;
            uint8_t *target = out + (oy * out_w + ox) * c;
            for (size_t k = 0; k < c; k++) {
                unsigned long top = a[k] * (256 - fx) + b[k] * fx, bottom = d[k] * (256 - fx) + e[k] * fx;
                target[k] = (uint8_t)((top * (256 - fy) + bottom * fy + 32768) >> 16);
            }
        }
    }
    free(image->pixels);
    image->pixels = out;
    image->width = (int)out_w;
    image->height = (int)out_h;
    return HW_OK;
}

int hw_image_flatten(hw_image *image) {
    if (image->channels != 4) return HW_OK;
    size_t count = (size_t)image->width * (size_t)image->height;
    uint8_t *out = malloc(count * 3);
    if (out == NULL) return HW_ERROR_MEMORY;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *source = image->pixels + i * 4;
        unsigned alpha = source[3];
        for (int k = 0; k < 3; k++) out[i * 3 + k] = (uint8_t)((source[k] * alpha + 255 * (255 - alpha) + 127) / 255);
    }
    free(image->pixels);
    image->pixels = out;
    image->channels = 3;
    return HW_OK;
}

void hw_image_free(hw_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}

void hw_buffer_free(uint8_t *buffer) { free(buffer); }
