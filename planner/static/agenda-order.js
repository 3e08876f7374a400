// Orders the agenda by dragging (the organisers' agenda page): an item is dragged by its handle
// within its own list (the top level, or the sub-items of one item); on a handle, the up and
// down arrow keys move the item too. Either way the list's new order goes to the server through
// the page's hidden order form, with its CSRF token, and the page comes back renumbered. Without
// JavaScript the handles stay hidden and the Up and Down buttons do the same.
(function () {
  "use strict";
  var form = document.getElementById("agenda-order");
  if (!form) { return; }
  var dragged = null;
  var origin = null; // where the dragged item was, to put it back when the drag is abandoned
  var dropped = false;

  function itemOf(element) {
    return element && element.closest ? element.closest("[data-item-id]") : null;
  }

  function send(item) {
    var list = item.parentElement;
    var ids = Array.prototype.map.call(
      list.querySelectorAll(":scope > [data-item-id]"),
      function (li) { return li.getAttribute("data-item-id"); }
    );
    form.elements.parent_id.value = list.getAttribute("data-parent") || "";
    // The moved item first in the URL's anchor: the page comes back with its handle focused.
    form.action = form.action.split("#")[0] + "#item-" + item.getAttribute("data-item-id");
    form.elements.ids.value = ids.join(",");
    form.submit();
  }

  document.querySelectorAll("[data-agenda-list] > [data-item-id]").forEach(function (li) {
    li.setAttribute("draggable", "true");
    var handle = li.querySelector(":scope > .agenda-row > [data-drag-handle]");
    if (!handle) { return; }
    handle.hidden = false;
    handle.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") { return; }
      event.preventDefault();
      var neighbour = event.key === "ArrowUp" ? li.previousElementSibling : li.nextElementSibling;
      if (!neighbour) { return; }
      li.parentElement.insertBefore(li, event.key === "ArrowUp" ? neighbour : neighbour.nextElementSibling);
      handle.focus();
      send(li);
    });
  });

  document.addEventListener("dragstart", function (event) {
    var li = itemOf(event.target);
    if (!li || li !== event.target) { return; }
    dragged = li;
    origin = { list: li.parentElement, next: li.nextElementSibling };
    dropped = false;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", li.getAttribute("data-item-id"));
    li.classList.add("dragging");
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var over = itemOf(event.target);
    // The item of the dragged one's own list under the pointer (not one of its sub-items).
    while (over && over.parentElement !== dragged.parentElement) {
      over = itemOf(over.parentElement);
    }
    if (!over) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (over === dragged) { return; }
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    over.parentElement.insertBefore(dragged, after ? over.nextElementSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) { return; }
    event.preventDefault();
    dropped = true;
    var item = dragged;
    item.classList.remove("dragging");
    dragged = null;
    send(item);
  });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    dragged.classList.remove("dragging");
    if (!dropped) { origin.list.insertBefore(dragged, origin.next); }
    dragged = null;
  });

  // Back from a move: the moved item's handle takes the focus again (once the page has
  // loaded: the browser's own scroll to the anchor would otherwise come after).
  window.addEventListener("load", function () {
    var target = /^#item-\d+$/.test(window.location.hash) && document.querySelector(window.location.hash);
    var handle = target && target.querySelector(":scope > .agenda-row > [data-drag-handle]");
    if (handle) { handle.focus(); }
  });
}());
