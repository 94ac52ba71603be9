# The image docker-compose.yml builds: the API, workers and migrations all run from it.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie \
      tesseract-ocr-script-viet tesseract-ocr-osd poppler-utils qpdf libmagic1 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# Editable, so the committed models/ and routing data next to the code are found as in a checkout.
RUN pip install --no-cache-dir -e . && donthu train --if-needed
ENV OMP_THREAD_LIMIT=1
USER nobody
