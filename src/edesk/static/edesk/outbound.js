/* edesk — outgoing documents: the signature position picker and the filter box of long selects.
   Both work on content swapped in by htmx too (event delegation, htmx:load). */
(function () {
  "use strict";
  // The signature box, in PDF points, centred on the click: about 60 × 30 mm.
  var BOX_W = 170, BOX_H = 85;

  document.addEventListener("click", function (event) {
    var page = event.target.closest && event.target.closest(".placement-page");
    if (!page) { return; }
    var img = page.querySelector("img");
    var rect = img.getBoundingClientRect();
    var width = parseFloat(page.dataset.width), height = parseFloat(page.dataset.height);
    var scale = width / rect.width;
    // PDF y runs upwards from the bottom of the page.
    var x = (event.clientX - rect.left) * scale, y = height - (event.clientY - rect.top) * scale;
    var x0 = Math.max(0, Math.min(width - BOX_W, x - BOX_W / 2));
    var y0 = Math.max(0, Math.min(height - BOX_H, y - BOX_H / 2));
    var box = [x0, y0, x0 + BOX_W, y0 + BOX_H].map(function (v) { return v.toFixed(1); }).join(",");
    document.querySelectorAll("[data-sign-form]").forEach(function (form) {
      form.querySelector("input[name=place_page]").value = page.dataset.page;
      form.querySelector("input[name=place_box]").value = box;
    });
    document.querySelectorAll(".placement-mark").forEach(function (mark) { mark.hidden = true; });
    var mark = page.querySelector(".placement-mark");
    mark.style.left = ((x0 / scale) / rect.width * 100) + "%";
    mark.style.top = (((height - y0 - BOX_H) / scale) / rect.height * 100) + "%";
    mark.style.width = ((BOX_W / scale) / rect.width * 100) + "%";
    mark.style.height = ((BOX_H / scale) / rect.height * 100) + "%";
    mark.hidden = false;
    var chosen = document.querySelector("[data-placement-chosen]");
    if (chosen) {
      chosen.hidden = false;
      chosen.querySelector("[data-placement-page]").textContent = page.dataset.page;
    }
  });

  function addFilters(root) {
    root.querySelectorAll("select[data-filterable]").forEach(function (select) {
      if (select.dataset.filterReady) { return; }
      select.dataset.filterReady = "1";
      var box = document.createElement("input");
      box.type = "search";
      box.className = "select-filter";
      box.placeholder = select.dataset.filterPlaceholder || "Lọc…";
      box.setAttribute("aria-label", box.placeholder);
      box.addEventListener("input", function () {
        var words = box.value.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
        Array.prototype.forEach.call(select.options, function (option) {
          var text = option.text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
          option.hidden = words !== "" && text.indexOf(words) < 0 && !option.selected;
        });
      });
      select.parentNode.insertBefore(box, select);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { addFilters(document); });
  document.addEventListener("htmx:load", function (event) { addFilters(event.target); });
})();
