FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY tsunagari tsunagari
COPY graph graph
COPY loaders loaders
COPY queries queries
COPY api api
COPY viz viz
COPY data data
# Editable, so the code reads data/ (records, overrides) beside it in /app.
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["tsunagari", "serve", "--host", "0.0.0.0", "--port", "8000"]
