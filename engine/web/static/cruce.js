// Small helpers for the Cruce pages; every page also works without JavaScript.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // After a search or a check, move the focus to the errors or the results so
  // keyboard and screen-reader users land on the result.
  const target = document.querySelector("[data-autofocus]");
  if (target) {
    target.focus();
  }

  // Ctrl+Enter (or Cmd+Enter) submits the MRZ box, whose plain Enter adds a line.
  for (const box of document.querySelectorAll("textarea[data-submit-on-ctrl-enter]")) {
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        box.form.requestSubmit();
      }
    });
  }

  setUpBulkForm(document.getElementById("bulk-form"));
  followJobs(document.querySelector("table[data-state-labels]"));
});

const FINISHED_STATES = ["done", "failed", "cancelled"];

// Read the header of the chosen list in the browser and offer its columns in the mapping boxes.
async function readColumns(file) {
  const head = await file.slice(0, 65536).text();
  const first = head.replace(/^\ufeff/, "").split(/\r?\n/).find((line) => line.trim() !== "") || "";
  if (first.trim().startsWith("{")) {
    try {
      return Object.keys(JSON.parse(first));
    } catch (error) {
      return [];
    }
  }
  const delimiters = [",", ";", "\t", "|"];
  const delimiter = delimiters.reduce((best, candidate) =>
    first.split(candidate).length > first.split(best).length ? candidate : best, ",");
  return first.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1")).filter((cell) => cell !== "");
}

function setUpBulkForm(form) {
  if (!form) {
    return;
  }
  const language = form.dataset.language;
  const errorBox = document.getElementById("upload-error");
  const status = document.getElementById("upload-status");
  const fileInput = form.querySelector("input[type=file]");

  fileInput.addEventListener("change", async () => {
    const columns = fileInput.files.length ? await readColumns(fileInput.files[0]) : [];
    for (const select of form.querySelectorAll("select[data-field]")) {
      while (select.options.length > 1) {
        select.remove(1);
      }
      for (const column of columns) {
        select.add(new Option(column, column));
      }
    }
    document.getElementById("file-columns").textContent =
      columns.length ? form.dataset.columns.replace("{columns}", columns.join(", ")) : "";
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const query = new URLSearchParams({
      lang: language,
      format: form.elements.format.value,
      k: form.elements.k.value.trim() || "3",
      min_band: form.elements.min_band.value,
    });
    for (const select of form.querySelectorAll("select[data-field]")) {
      if (select.value) {
        query.append("map", `${select.dataset.field}=${select.value}`);
      }
    }
    const body = new FormData();
    if (fileInput.files.length) {
      body.append("file", fileInput.files[0]);
    }

    status.textContent = form.dataset.uploading;
    let message;
    try {
      const response = await fetch(`/v1/bulk-jobs?${query}`, { method: "POST", body });
      if (response.ok) {
        window.location.reload();
        return;
      }
      const answer = await response.json().catch(() => ({}));
      message = answer.message || `HTTP ${response.status}`;
    } catch (error) {
      message = String(error);
    }
    status.textContent = "";
    errorBox.textContent = form.dataset.failed.replace("{message}", message);
    errorBox.hidden = false;
    errorBox.focus();
  });
}

// Poll the jobs that are still going and move their progress bars; show the downloads when a job is done.
function followJobs(table) {
  if (!table) {
    return;
  }
  const labels = JSON.parse(table.dataset.stateLabels);
  const language = document.documentElement.lang;

  for (const button of table.querySelectorAll("button[data-delete]")) {
    button.addEventListener("click", async () => {
      const response = await fetch(`${button.dataset.delete}?lang=${language}`, { method: "DELETE" });
      if (response.ok) {
        button.closest("tr").remove();
      }
    });
  }

  const poll = async () => {
    const rows = [...table.querySelectorAll("tr[data-job]")].filter((row) => !FINISHED_STATES.includes(row.dataset.state));
    for (const row of rows) {
      const response = await fetch(`/v1/bulk-jobs/${row.dataset.job}?lang=${language}`);
      if (!response.ok) {
        continue;
      }
      const job = await response.json();
      row.dataset.state = job.state;
      row.querySelector(".job-state").textContent = labels[job.state] || job.state;
      row.querySelector("progress").value = Math.round(job.progress * 100);
      row.querySelector(".job-rows").textContent = `${job.rows_done} / ${job.rows_estimate}`;
      for (const link of row.querySelectorAll(".job-download")) {
        link.hidden = job.state !== "done";
      }
    }
    if (rows.length) {
      window.setTimeout(poll, 1000);
    }
  };
  poll();
}

