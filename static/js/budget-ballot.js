// The running total on a community budget ballot: as a resident ticks projects, it says what
// their choices cost together and how much of the amount is left, or by how much they are over.
// The server checks the ballot whatever this says; without JavaScript the total is not shown and
// the server's message says by how much a ballot is over. A file on purpose (no inline script:
// Content Security Policy); the costs come from a JSON data block the page renders.
(function () {
  "use strict";
  var form = document.getElementById("ballot");
  var data = document.getElementById("ballot-costs");
  var total = document.getElementById("ballot-total");
  if (!form || !data || !total) {
    return;
  }
  var costs = JSON.parse(data.textContent);
  var amount = parseFloat(form.getAttribute("data-amount"));
  var money = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

  function update() {
    var sum = 0;
    form.querySelectorAll('input[name="projects"]:checked').forEach(function (box) {
      sum += parseFloat(costs[box.value] || "0");
    });
    var text = "Your choices cost " + money.format(sum) + " of " + money.format(amount) + ": ";
    if (sum > amount) {
      text += money.format(sum - amount) + " over. Untick one or more.";
    } else {
      text += money.format(amount - sum) + " left.";
    }
    total.textContent = text;
    total.hidden = false;
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "projects") {
      update();
    }
  });
  update();
})();
