// Check-in desk camera: reads ticket QR codes continuously and submits each one through the #scan-form.
(function () {
  "use strict";

  var SCAN_EVERY_MS = 150;
  // A ticket held in front of the camera is sent once, not 7 times a second; the same ticket is sent again only
  // once it has been out of sight for 3 s (a deliberate re-scan, which the desk then shows in yellow).
  var REPEAT_AFTER_MS = 3000;
  var MAX_SIDE = 640;          // jsQR is slow on full-resolution frames and gains nothing from them

  var section = document.querySelector("[data-scanner]");
  // Without getUserMedia (old browser, or plain http off localhost) the typed/USB-scanner form is all there is.
  if (!section || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  var startButton = document.getElementById("camera-start");
  var video = document.getElementById("camera-video");
  var status = document.getElementById("camera-status");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null, timer = null, detector = null;
  var lastText = null, lastSentAt = 0;

  section.hidden = false;

  // The native detector is much faster and copes with blur, but many browsers lack it or lack QR support in it.
  var detectorReady = Promise.resolve(null);
  if (window.BarcodeDetector && BarcodeDetector.getSupportedFormats) {
    detectorReady = BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") !== -1 ? new BarcodeDetector({ formats: ["qr_code"] }) : null;
    }).catch(function () { return null; });
  }

  function decodeWithJsQR() {
    if (!window.jsQR) return null;
    var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    var width = Math.round(video.videoWidth * scale), height = Math.round(video.videoHeight * scale);
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    // Printed tickets are dark-on-light; skipping the inverted pass halves the work on the many frames without a code.
    var code = jsQR(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: "dontInvert" });
    return code ? code.data : null;
  }

  function readFrame() {
    if (detector) {
      // Some platforms advertise the detector but fail at run time; jsQR then takes over for good.
      return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; },
        function () { detector = null; return decodeWithJsQR(); });
    }
    return Promise.resolve(decodeWithJsQR());
  }

  function submit(text) {
    var now = Date.now();
    if (!text) return;
    // A ticket still in view is not sent again; it must leave the camera for a moment first.
    var repeat = text === lastText && now - lastSentAt < REPEAT_AFTER_MS;
    lastText = text;
    lastSentAt = now;
    if (repeat) return;
    // Looked up each time in case the desk page re-renders the form after a swap.
    var form = document.getElementById("scan-form");
    var input = document.getElementById("scan-code");
    if (!form || !input) return;
    input.value = text;
    // requestSubmit fires the submit event that htmx listens for; Safari before 16 only has the button click.
    if (form.requestSubmit) form.requestSubmit();
    else form.querySelector("[type=submit]").click();
  }

  function tick() {
    timer = null;
    if (!stream) return;
    // Until the first frame arrives the video has no size and there is nothing to read.
    var ready = video.readyState >= 2 && video.videoWidth > 0;
    var attempt = ready ? readFrame() : Promise.resolve(null);
    // A frame that fails to decode, or a failed submission, must never end the scanning loop.
    attempt.then(submit).catch(function () {}).then(function () {
      if (stream && !timer) timer = setTimeout(tick, SCAN_EVERY_MS);
    });
  }

  function stop() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    startButton.hidden = false;
    video.hidden = true;
    startButton.disabled = false;
    status.textContent = "";
  }

  startButton.addEventListener("click", function () {
    startButton.disabled = true;  // a second tap while the permission prompt is open would open a second stream
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        startButton.hidden = true;
        video.hidden = false;
        status.textContent = section.dataset.scanning;  // translated text comes from the page
        return Promise.all([video.play(), detectorReady]);
      })
      .then(function (results) {
        detector = results[1];
        tick();
      })
      .catch(function (error) {
        stop();
        status.textContent = section.dataset.failed + " " + (error && error.name ? error.name : error);
      });
  });

  // Leaving the page (or entering the back/forward cache) must release the camera and its indicator light.
  window.addEventListener("pagehide", stop);
})();
