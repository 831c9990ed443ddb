// Click a chart to see it at full size (the content column shrinks a wide chart's labels to ~7 px);
// click again, or press Escape, to close. Keyboard: each chart is focusable, Enter opens it.
document.addEventListener("DOMContentLoaded", () => {
  const close = () => document.querySelectorAll(".sf-zoom-overlay").forEach((o) => o.remove());
  for (const img of document.querySelectorAll("figure.sf-chart img, .cell_output img")) {
    img.classList.add("sf-zoomable");
    img.tabIndex = 0;
    img.setAttribute("role", "button");
    img.setAttribute("aria-label", `Show full size: ${img.alt || "chart"}`);
    const open = () => {
      const overlay = document.createElement("div");
      overlay.className = "sf-zoom-overlay";
      const big = img.cloneNode();
      big.removeAttribute("role");
      big.removeAttribute("tabindex");
      big.removeAttribute("aria-label");
      overlay.append(big);
      overlay.addEventListener("click", close);
      document.body.append(overlay);
    };
    img.addEventListener("click", open);
    img.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  }
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") close(); });
});
