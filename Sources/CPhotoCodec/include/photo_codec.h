// Decoding and encoding of photos from their pixels, for HomewardImaging. Every uploaded photo is
// decoded to pixels and encoded anew, so nothing but the picture survives: no metadata segment,
// no trailer, no hidden chunk. libjpeg's errors jump out through setjmp, which Swift cannot do, so
// the calls into libjpeg live here in C.
#ifndef HOMEWARD_PHOTO_CODEC_H
#define HOMEWARD_PHOTO_CODEC_H

#include <stddef.h>
#include <stdint.h>

/// Tightly packed 8-bit pixels: `channels` is 3 (RGB) or 4 (RGBA), rows top to bottom.
typedef struct {
    uint8_t *pixels;
    int width;
    int height;
    int channels;
} hw_image;

enum {
    HW_OK = 0,
    HW_ERROR_DECODE = 1,
    HW_ERROR_ENCODE = 2,
    HW_ERROR_MEMORY = 3,
    HW_ERROR_TRUNCATED = 4,
};

/// Reads the dimensions of a JPEG from its header, without decoding any pixels.
int hw_jpeg_dimensions(const uint8_t *data, size_t size, int *width, int *height, char *message, size_t message_size);

/// Decodes a JPEG to RGB at 1/`scale_denominator` of its size (1, 2, 4 or 8). CMYK and YCCK
/// images are converted to RGB.
int hw_jpeg_decode(const uint8_t *data, size_t size, int scale_denominator, hw_image *image, char *message, size_t message_size);

/// Encodes RGB pixels as a baseline JPEG; `*output` is malloc'd (release with hw_buffer_free).
int hw_jpeg_encode(const hw_image *image, int quality, int progressive, uint8_t **output, size_t *output_size, char *message,
                   size_t message_size);

/// Reads the dimensions of a PNG from its header, without decoding any pixels.
int hw_png_dimensions(const uint8_t *data, size_t size, int *width, int *height, int *has_alpha, char *message, size_t message_size);

/// Decodes a PNG to RGB, or RGBA when it has transparency.
int hw_png_decode(const uint8_t *data, size_t size, hw_image *image, char *message, size_t message_size);

/// Encodes RGB or RGBA pixels as a PNG with no ancillary chunks; `*output` is malloc'd.
int hw_png_encode(const hw_image *image, uint8_t **output, size_t *output_size, char *message, size_t message_size);

/// Turns the pixels upright for an EXIF orientation (1 to 8); other values change nothing.
int hw_image_orient(hw_image *image, int orientation);

/// Shrinks the image so that its longer side is at most `longest_side`, averaging the source pixels
/// each destination pixel covers. Smaller images are left as they are.
int hw_image_fit(hw_image *image, int longest_side);

/// Enlarges the image so that its longer side is `longest_side`, interpolating between source
/// pixels (bilinear). Larger images are left as they are.
int hw_image_enlarge(hw_image *image, int longest_side);

/// Lays RGBA pixels over white and drops the alpha channel; RGB images are left as they are.
int hw_image_flatten(hw_image *image);

/// Releases an image's pixels.
void hw_image_free(hw_image *image);

/// Releases an encoded buffer.
void hw_buffer_free(uint8_t *buffer);

#endif
