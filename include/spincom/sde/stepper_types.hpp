#pragma once
// The type names Boost.Odeint's stepper concept asks of every stepper (state_type, deriv_type,
// value_type, time_type, order_type, stepper_category); spincom's SDE steppers inherit them.
#include <boost/numeric/odeint/stepper/stepper_categories.hpp>

#include "spincom/core/conventions.hpp"

namespace spincom {

struct SdeStepperTypes {
  using state_type = Vector6;
  using deriv_type = Vector6;
  using value_type = double;
  using time_type = double;
  using order_type = unsigned short;
  using stepper_category = boost::numeric::odeint::stepper_tag;
};

}  // namespace spincom
