// Cairo (PDF surfaces, PNG images) and Pango (text layout) for HomewardPDF.
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
