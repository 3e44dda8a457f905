// The calendar's filter by agency kind and locality (plansite/render/templates/calendar_month.html.j2): it
// hides the rows that do not match. Without script the form stays hidden and every row shows.
document.querySelectorAll("[data-calendar-filter]").forEach((form) => {
  const rows = [...document.querySelectorAll("tr[data-agency]")];
  const count = form.querySelector("[data-calendar-count]");
  const apply = () => {
    const agency = form.elements.agency.value;
    const locality = form.elements.locality.value;
    let shown = 0;
    for (const row of rows) {
      const match = (!agency || row.dataset.agency === agency)
        && (!locality || row.dataset.locality.split(" ").includes(locality));
      row.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = `${shown}/${rows.length} mục`;
  };
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
});
