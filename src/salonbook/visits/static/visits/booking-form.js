// The booking form: the duration follows the chosen services until someone types their own.
document.addEventListener("alpine:init", () => {
  window.Alpine.data("bookingForm", () => ({
    durationTouched: false,

    changed(event) {
      const input = event.target;
      if (input.name === "duration_minutes") {
        this.durationTouched = true;
      } else if (input.name === "services" && !this.durationTouched) {
        this.sumDurations();
      }
    },

    sumDurations() {
      const checked = this.$root.querySelectorAll('input[name="services"]:checked');
      if (!checked.length) return;
      let minutes = 0;
      checked.forEach((box) => { minutes += Number(box.dataset.duration || 0); });
      const duration = this.$root.querySelector('input[name="duration_minutes"]');
      if (duration && minutes) duration.value = minutes;
    },
  }));
});
