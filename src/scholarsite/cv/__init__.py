"""The CV as data: one model read from RenderCV's ``_data/cv.yml``, JSON Resume or
al-folio's older list format; shown by the bundled theme's ``cv`` layout and typeset
as a PDF with Typst by the same build."""
