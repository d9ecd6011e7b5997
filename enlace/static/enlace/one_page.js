/* The one-page screening: show only the questions of the chosen kind of exploitation and age
   (both lists while the age is unknown), as the offline form does. Hidden answers are disabled,
   so they are not sent; the server checks the answers against the lists anyway. */
(function () {
  "use strict";
  var form = document.getElementById("one-page-screening");
  if (!form) { return; }

  function showQuestions() {
    var checked = form.querySelector("[name='exploitation']:checked");
    var exploitation = checked ? checked.value : "";
    var ageText = form.elements.age_at_exploitation.value.trim();
    var populations = ageText === "" ? ["adult", "child"] : (parseInt(ageText, 10) >= 18 ? ["adult"] : ["child"]);
    form.querySelectorAll("[data-lists]").forEach(function (choice) {
      var lists = choice.getAttribute("data-lists").split(" ");
      var shown = !!exploitation && populations.some(function (p) { return lists.indexOf(exploitation + "-" + p) >= 0; });
      choice.hidden = !shown;
      choice.querySelector("input").disabled = !shown;
    });
    form.querySelectorAll("[data-dimension]").forEach(function (block) {
      block.hidden = !block.querySelector("[data-lists]:not([hidden])");
    });
  }

  form.addEventListener("change", showQuestions);
  form.addEventListener("input", showQuestions);
  showQuestions();
})();
