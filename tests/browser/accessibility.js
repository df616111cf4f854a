// A small accessibility audit run inside the page; returns a list of problems, empty when none.
// Checks: html lang, labels of form controls, alt text of images, names of links and buttons,
// unique ids, heading order, and WCAG 2 contrast of visible text against its painted background.
(expectedLanguage) => {
  const problems = [];

  const describe = (element) => {
    const id = element.id ? `#${element.id}` : "";
    const classes = element.classList.length ? `.${[...element.classList].join(".")}` : "";
    return `${element.tagName.toLowerCase()}${id}${classes}`;
  };

  const visible = (element) => {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return style.display !== "none" && style.visibility !== "hidden" && box.width > 1 && box.height > 1;
  };

  const accessibleText = (element) => {
    const labelledBy = element.getAttribute("aria-labelledby");
    if (labelledBy) {
      return labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent || "").join(" ").trim();
    }
    return (element.getAttribute("aria-label") || element.textContent || element.getAttribute("title") || "").trim();
  };

  // The page language.
  const language = document.documentElement.getAttribute("lang");
  if (language !== expectedLanguage) {
    problems.push(`html lang is ${JSON.stringify(language)}, expected ${JSON.stringify(expectedLanguage)}`);
  }
  if (!document.title.trim()) {
    problems.push("the page has no title");
  }

  // Every form control has a label.
  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset"].includes(control.type)) {
      continue;
    }
    const byFor = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
    const wrapped = control.closest("label");
    const named = control.getAttribute("aria-label") || control.getAttribute("aria-labelledby");
    if (!byFor && !wrapped && !named) {
      problems.push(`form control without a label: ${describe(control)}`);
    }
  }

  // Images have alt text; links, buttons and meters have a name.
  for (const image of document.querySelectorAll("img")) {
    if (!image.hasAttribute("alt")) {
      problems.push(`image without alt: ${image.src}`);
    }
  }
  for (const element of document.querySelectorAll("a[href], button, summary, meter, progress")) {
    if (visible(element) && !accessibleText(element)) {
      problems.push(`${describe(element)} has no accessible name`);
    }
  }

  // Ids are unique, and every aria reference points to an element.
  const seen = new Set();
  for (const element of document.querySelectorAll("[id]")) {
    if (seen.has(element.id)) {
      problems.push(`duplicate id ${element.id}`);
    }
    seen.add(element.id);
  }
  for (const element of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    const ids = `${element.getAttribute("aria-describedby") || ""} ${element.getAttribute("aria-labelledby") || ""}`;
    for (const id of ids.trim().split(/\s+/).filter(Boolean)) {
      if (!document.getElementById(id)) {
        problems.push(`${describe(element)} refers to missing id ${id}`);
      }
    }
  }

  // One h1 first, and no heading skips a level on the way down.
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible);
  const levels = headings.map((heading) => Number(heading.tagName[1]));
  if (levels.filter((level) => level === 1).length !== 1 || levels[0] !== 1) {
    problems.push(`expected exactly one h1, first; heading levels are ${levels.join(",")}`);
  }
  for (let index = 1; index < levels.length; index += 1) {
    if (levels[index] > levels[index - 1] + 1) {
      problems.push(`heading level jumps from h${levels[index - 1]} to h${levels[index]} at "${headings[index].textContent.trim()}"`);
    }
  }

  // Contrast of text against the first opaque background behind it (WCAG 2 relative luminance).
  const parse = (colour) => {
    const parts = colour.match(/[\d.]+/g).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = ({ r, g, b }) => {
    const channel = (value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour.a >= 1) {
        return colour;
      }
      if (colour.a > 0) {
        return null; // translucent backgrounds are not blended here; such text is skipped
      }
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };

  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const checked = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || checked.has(element) || !visible(element)) {
      continue;
    }
    if (element.closest(".visually-hidden, option, script, style, noscript")) {
      continue;
    }
    checked.add(element);
    const style = getComputedStyle(element);
    const foreground = parse(style.color);
    const behind = background(element);
    if (!behind || foreground.a < 1) {
      continue;
    }
    const lighter = Math.max(luminance(foreground), luminance(behind));
    const darker = Math.min(luminance(foreground), luminance(behind));
    const ratio = (lighter + 0.05) / (darker + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) {
      problems.push(`contrast ${ratio.toFixed(2)} < ${needed} for "${node.textContent.trim().slice(0, 40)}" in ${describe(element)}`);
    }
  }

  return { problems, textChecked: checked.size };
}
